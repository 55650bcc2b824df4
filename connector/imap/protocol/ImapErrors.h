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

POCO_DECLARE_EXCEPTION(, ImapCommandError, mailbridge::TransientError)
	/// The server answered NO or BAD to a command; the text is the reply.

POCO_DECLARE_EXCEPTION(, ImapAuthError, mailbridge::MailboxError)
	/// Login refused. Never retried in a hot loop.

POCO_DECLARE_EXCEPTION(, ImapSecurityError, mailbridge::MailboxError)
	/// Certificate refused, or a password would have gone out in clear.

std::string protocolErrorText(const std::string& what, const std::string& line, std::size_t offset);
	/// "what at offset N in: <line>", the line cut to 200 characters and
	/// with control bytes shown as \xNN.

} } // namespace mailbridge::imap

#endif
