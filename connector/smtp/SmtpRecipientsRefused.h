//
// SmtpRecipientsRefused.h
//
// Every recipient of a message was refused for good: a MessageError that
// also carries each recipient's reply, so the outbox can record them.
//

#ifndef MB_Smtp_SmtpRecipientsRefused_INCLUDED
#define MB_Smtp_SmtpRecipientsRefused_INCLUDED

#include "connector/smtp/SendResult.h"
#include "connector/smtp/SmtpErrors.h"

namespace mailbridge {
namespace smtp {

class SmtpRecipientsRefused: public SmtpMessageRefused
{
public:
	SmtpRecipientsRefused(const std::string& reply, int code, SendResult result);
		/// reply is the server's text for the last refusal; the message lists them all.

	const SendResult& result() const { return _result; }

	const char* name() const noexcept override;
	const char* className() const noexcept override;
	Poco::Exception* clone() const override;
	void rethrow() const override;

private:
	SendResult _result;
};

} } // namespace mailbridge::smtp

#endif
