#include "connector/smtp/SmtpErrors.h"

#include <typeinfo>

namespace mailbridge {
namespace smtp {

POCO_IMPLEMENT_EXCEPTION(SmtpNetworkError, mailbridge::TransientError, "SMTP network error")
POCO_IMPLEMENT_EXCEPTION(SmtpProtocolError, mailbridge::TransientError, "SMTP protocol error")
POCO_IMPLEMENT_EXCEPTION(SmtpTemporaryError, mailbridge::TransientError, "SMTP temporary failure")
POCO_IMPLEMENT_EXCEPTION(SmtpMessageRefused, mailbridge::MessageError, "SMTP message refused")
POCO_IMPLEMENT_EXCEPTION(SmtpAuthError, mailbridge::MailboxError, "SMTP authentication refused")
POCO_IMPLEMENT_EXCEPTION(SmtpSecurityError, mailbridge::MailboxError, "SMTP security")

} } // namespace mailbridge::smtp
