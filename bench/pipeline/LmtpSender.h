//
// LmtpSender.h
//
// Delivers one message into Dovecot over LMTP, as the mail server does:
// LHLO, MAIL, RCPT, DATA (dot-stuffed), one connection per message.
//

#ifndef MB_Bench_LmtpSender_INCLUDED
#define MB_Bench_LmtpSender_INCLUDED

#include <string>

namespace mailbridge {
namespace bench {

class LmtpSender
{
public:
	LmtpSender(const std::string& host, unsigned short port);

	void deliver(const std::string& recipient, const std::string& message);
		/// Returns once the server has answered the DATA with 2xx (the
		/// message is in the maildir). Throws std::runtime_error with the
		/// server's reply when a step is refused.

private:
	std::string _host;
	unsigned short _port;
};

} } // namespace mailbridge::bench

#endif
