//
// ImapSentFiler.h
//
// The outbox's Sent folder over one logged-in ImapSession: the folder found
// by SPECIAL-USE (or named), copies looked up by Message-ID with UID SEARCH
// HEADER, and filed with APPEND (\Seen, the send date), keeping APPENDUID.
//

#ifndef MB_Service_ImapSentFiler_INCLUDED
#define MB_Service_ImapSentFiler_INCLUDED

#include "connector/imap/ImapSession.h"
#include "connector/sync/SentFiler.h"

#include <string>

namespace mailbridge {
namespace service {

class ImapSentFiler: public sync::SentFiler
{
public:
	ImapSentFiler(imap::ImapSession& session, bool providerFilesSent, const std::string& folder = std::string());
		/// folder: the Sent folder's name (UTF-8); empty: the mailbox marked
		/// \Sent, found at first use.

	bool filesSentItself() const override { return _providerFiles; }

	std::uint32_t find(const std::string& messageId) override;
		/// EXAMINEs the folder (read-only) and searches its Message-ID
		/// header; returns the lowest matching UID, 0 when none. Throws
		/// ImapCommandError / ImapNetworkError (TransientError), MailboxError
		/// when no Sent folder exists.

	std::uint32_t file(const std::string& message, Poco::Timestamp date) override;
		/// APPEND with \Seen and date as the internal date. Returns the
		/// APPENDUID's UID, 0 without UIDPLUS.

	const std::string& folder();
		/// The Sent folder's name. Throws MailboxError when there is none.

	static std::string imapDate(Poco::Timestamp date);
		/// RFC 3501 date-time in UTC: "23-Nov-2026 10:00:00 +0000".

private:
	imap::ImapSession& _session;
	bool _providerFiles;
	std::string _folder;
};

} } // namespace mailbridge::service

#endif
