//
// SmtpSender.h
//
// Sends already-built messages through a submission server: connect with
// plain, STARTTLS or implicit TLS, EHLO, AUTH PLAIN/LOGIN/XOAUTH2, then the
// envelope and DATA written here ("MAIL FROM:<a>", no space, which some
// servers require) and failures typed by the server's reply.
//

#ifndef MB_Smtp_SmtpSender_INCLUDED
#define MB_Smtp_SmtpSender_INCLUDED

#include "connector/smtp/SendResult.h"

#include <Poco/Timespan.h>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace mailbridge {
namespace smtp {

class SmtpConnection;
class SmtpReply;

struct SmtpSenderOptions
{
	enum Security { Plain, StartTls, ImplicitTls };
	enum Auth { NoAuth, AuthPlain, AuthLogin, AuthXOAuth2 };

	std::string host = "127.0.0.1";
	unsigned short port = 587;
	Security security = StartTls;
	std::string caFile;                  ///< empty: the system store
	bool allowInsecure = false;          ///< skips certificate checks and allows a password without TLS; each use is logged as a warning
	Auth auth = AuthPlain;
	std::string user;
	std::string secret;                  ///< the password, or the OAuth2 access token for AuthXOAuth2
	std::string ehloName;                ///< empty: this machine's name
	Poco::Timespan connectTimeout = Poco::Timespan(30, 0);
	Poco::Timespan commandTimeout = Poco::Timespan(300, 0);  ///< RFC 5321 4.5.3.2: 5 minutes for most replies
	Poco::Timespan dataTimeout = Poco::Timespan(600, 0);     ///< for the reply to the end of DATA, and for writes
};

class SmtpSender
{
public:
	explicit SmtpSender(const SmtpSenderOptions& options);
	~SmtpSender();

	void connect();
		/// Connects, reads the banner, EHLO, STARTTLS when asked (then EHLO
		/// again), AUTH. Throws SmtpNetworkError, SmtpTemporaryError (421 or
		/// other 4xx), SmtpSecurityError (certificate, no STARTTLS, password
		/// in clear), SmtpAuthError (535 and other 5xx to AUTH, or the
		/// mechanism not offered).

	SendResult send(const std::string& from, const std::vector<std::string>& recipients, const std::string& message);
		/// Sends the raw message (CRLF or LF lines; dot-stuffed here) to the
		/// recipients, connecting first when needed. A recipient refused with
		/// 5xx or 4xx is recorded in the result and the others still get the
		/// message. Throws SmtpRecipientsRefused when every recipient is
		/// refused with 5xx; SmtpTemporaryError when none is accepted and one
		/// was refused with 4xx, or on 4xx to MAIL, DATA or the end of DATA;
		/// SmtpMessageRefused on 5xx to MAIL, DATA or the end of DATA, a bad
		/// address or a message over the server's SIZE; SmtpNetworkError when
		/// the connection fails. After a transient failure the connection is
		/// dropped and the next send reconnects; after a message failure it
		/// is reset (RSET) and kept. A 4xx to MAIL FROM on a session that
		/// already carried messages (a per-session limit, as OpenSMTPD's 100)
		/// is answered by one new session at once.

	void quit();
		/// QUIT and close; never throws.

	bool connected() const { return _connection != nullptr; }
	bool secure() const { return _secure; }
	bool hasExtension(const std::string& keyword) const;
		/// An EHLO keyword (upper case): "PIPELINING", "SMTPUTF8", "AUTH"...
	const std::set<std::string>& authMechanisms() const { return _authMechanisms; }
	std::size_t sizeLimit() const { return _sizeLimit; }

private:
	void greet();
	void ehlo();
	void authenticate();
	SmtpReply command(const std::string& line);
	[[noreturn]] void fail(const std::string& what, const SmtpReply& reply, bool forMessage);
	void reset();

	SmtpSenderOptions _options;
	std::unique_ptr<SmtpConnection> _connection;
	std::set<std::string> _extensions;
	std::set<std::string> _authMechanisms;
	std::size_t _sizeLimit = 0;
	bool _secure = false;
	int _messagesOnSession = 0;
};

} } // namespace mailbridge::smtp

#endif
