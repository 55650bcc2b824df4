//
// MailDrop.h
//
// Delivers a message into the stack's Dovecot through LMTP, as the mail
// server would: the way a test puts "incoming mail" in a mailbox.
//

#ifndef MB_Tests_MailDrop_INCLUDED
#define MB_Tests_MailDrop_INCLUDED

#include <string>

namespace mailbridge {
namespace test {

class MailDrop
{
public:
	static void lmtp(const std::string& recipient, const std::string& message);
		/// LHLO, MAIL, RCPT, DATA (dot-stuffed, CRLF) to MB_LMTP_PORT. Throws
		/// Poco::IOException with the server's reply when a step is refused.

	static void smtp(const std::string& recipient, const std::string& message);
		/// Hands the message to the stack's OpenSMTPD (MB_SMTP_PORT) through
		/// Poco's SMTP client, as mail from the outside arrives; OpenSMTPD
		/// delivers it to Dovecot over LMTP a moment later. With the stack's
		/// Dovecot, user+Folder@domain is delivered into Folder.
};

} } // namespace mailbridge::test

#endif
