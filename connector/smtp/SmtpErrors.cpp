#include "connector/smtp/SmtpErrors.h"

#include <Poco/Net/SSLException.h>
#include <Poco/String.h>
#include <typeinfo>

namespace mailbridge {
namespace smtp {

POCO_IMPLEMENT_EXCEPTION(SmtpNetworkError, mailbridge::TransientError, "SMTP network error")
POCO_IMPLEMENT_EXCEPTION(SmtpProtocolError, mailbridge::TransientError, "SMTP protocol error")
POCO_IMPLEMENT_EXCEPTION(SmtpTemporaryError, mailbridge::TransientError, "SMTP temporary failure")
POCO_IMPLEMENT_EXCEPTION(SmtpMessageRefused, mailbridge::MessageError, "SMTP message refused")
POCO_IMPLEMENT_EXCEPTION(SmtpAuthError, mailbridge::MailboxError, "SMTP authentication refused")
POCO_IMPLEMENT_EXCEPTION(SmtpSecurityError, mailbridge::MailboxError, "SMTP security")

void throwTlsFailure(const std::string& what, const Poco::Exception& e)
{
	bool certificate = dynamic_cast<const Poco::Net::CertificateValidationException*>(&e)
		|| dynamic_cast<const Poco::Net::InvalidCertificateException*>(&e)
		|| Poco::toLower(e.displayText()).find("certificate") != std::string::npos;
	if (certificate) throw SmtpSecurityError(what, e.displayText());
	throw SmtpNetworkError(what, e.displayText());
}

} } // namespace mailbridge::smtp
