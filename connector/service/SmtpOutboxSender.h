//
// SmtpOutboxSender.h
//
// The outbox's sender over smtp::SmtpSender: one SMTP transaction per item,
// each address once in the envelope, the replies mapped back per recipient.
//

#ifndef MB_Service_SmtpOutboxSender_INCLUDED
#define MB_Service_SmtpOutboxSender_INCLUDED

#include "connector/smtp/SmtpSender.h"
#include "connector/sync/OutboxSender.h"

namespace mailbridge {
namespace service {

class SmtpOutboxSender: public sync::OutboxSender
{
public:
	explicit SmtpOutboxSender(smtp::SmtpSender& sender);

	std::vector<sync::OutboxRecipient> send(const sync::OutboxItem& item, const std::string& message) override;
		/// Sends to every To, Cc and Bcc address (an address listed twice is
		/// sent once, compared without case). When every address was refused
		/// with 5xx, returns them all Refused with their replies. Otherwise
		/// throws what SmtpSender::send throws: SmtpMessageRefused is a
		/// MessageError, SmtpTemporaryError and SmtpNetworkError
		/// TransientErrors, SmtpAuthError and SmtpSecurityError MailboxErrors.

private:
	smtp::SmtpSender& _sender;
};

} } // namespace mailbridge::service

#endif
