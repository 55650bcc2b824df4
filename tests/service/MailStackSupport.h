//
// MailStackSupport.h
//
// What the outbound live tests ask of the stack's mail servers: an IMAP
// login, a count of copies by Message-ID, a wait for a delivery through
// OpenSMTPD, and alice's submission settings.
//

#ifndef MB_Tests_MailStackSupport_INCLUDED
#define MB_Tests_MailStackSupport_INCLUDED

#include "connector/imap/ImapSession.h"
#include "connector/smtp/SmtpSender.h"

#include <cstdint>
#include <memory>
#include <string>

namespace mailbridge {
namespace test {

std::unique_ptr<imap::ImapSession> stackLogin(const std::string& userKey, const std::string& passKey);
	/// Logged in over STARTTLS as the stack's user (e.g. "MB_USER2", "MB_PASS2").

std::uint64_t countCopies(imap::ImapSession& session, const std::string& folder, const std::string& messageId);
	/// Messages in folder whose Message-ID header holds messageId.

std::uint64_t countDelivered(const std::string& userKey, const std::string& passKey, const std::string& messageId);
	/// Waits for the first copy in INBOX (up to 30 s), then a little longer
	/// for a second one, and returns how many there are.

smtp::SmtpSenderOptions aliceSubmission();
	/// alice's login on the stack's submission server (STARTTLS).

} } // namespace mailbridge::test

#endif
