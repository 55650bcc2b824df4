//
// ImapErrors.h
//
// IMAP failures, each in the family that says what to do next.
//

#ifndef MB_Imap_ImapErrors_INCLUDED
#define MB_Imap_ImapErrors_INCLUDED

#include "connector/common/Errors.h"

#include <cstddef>
#include <string>

namespace mailbridge {
namespace imap {

POCO_DECLARE_EXCEPTION(, ImapProtocolError, mailbridge::TransientError)
	/// The server sent something that is not IMAP (or breaks a bound).
	/// Reconnect; the message names the offending line and offset.

POCO_DECLARE_EXCEPTION(, ImapNetworkError, mailbridge::TransientError)
	/// Connect, TLS or read/write failure, or a timeout.

POCO_DECLARE_EXCEPTION(, ImapTimeoutError, ImapNetworkError)
	/// No answer within the connect, greeting, login or read timeout.

POCO_DECLARE_EXCEPTION(, ImapCommandError, mailbridge::TransientError)
	/// The server answered NO or BAD to a command; the text is the reply.

POCO_DECLARE_EXCEPTION(, ImapAuthError, mailbridge::MailboxError)
	/// Login refused. Never retried in a hot loop.

class ImapOAuthError: public ImapAuthError
	/// An XOAUTH2 or OAUTHBEARER token refused; json() is the error the
	/// server sent in its continuation (RFC 7628 section 3.2.2), decoded.
{
public:
	ImapOAuthError(const std::string& msg, const std::string& arg, const std::string& json);
	ImapOAuthError(const ImapOAuthError& exc);
	~ImapOAuthError() noexcept;
	ImapOAuthError& operator = (const ImapOAuthError& exc);
	const char* name() const noexcept;
	const char* className() const noexcept;
	Poco::Exception* clone() const;
	void rethrow() const;

	const std::string& json() const { return _json; }

private:
	std::string _json;
};

POCO_DECLARE_EXCEPTION(, ImapSecurityError, mailbridge::MailboxError)
	/// Certificate refused, or a password would have gone out in clear.

POCO_DECLARE_EXCEPTION(, ImapUnsupportedError, mailbridge::MailboxError)
	/// The server lacks what an operation needs and there is no safe way
	/// around it (MOVE without UIDPLUS, an unadvertised SASL mechanism).

std::string protocolErrorText(const std::string& what, const std::string& line, std::size_t offset);
	/// "what at offset N in: <line>", the line cut to 200 characters and
	/// with control bytes shown as \xNN.

} } // namespace mailbridge::imap

#endif
