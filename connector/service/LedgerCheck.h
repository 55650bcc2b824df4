//
// LedgerCheck.h
//
// One mailbox's ledger held against its server and the ATS, a page of rows
// at a time. Both ways: a message the server no longer has (expunged, or
// moved away, by anyone) is marked expunged in the ledger and its activity
// kept, since ATS records are records; this works on servers without
// QRESYNC, where the inbound sync never hears of expunges. And, with the
// delete_on_server policy and the mapping's <deleted-activities>, a
// message whose every activity the ATS deleted or flagged is moved to
// Trash or expunged, after its folder's UIDVALIDITY and its Message-ID
// were checked against the ledger, and the ledger records that too.
//

#ifndef MB_Service_LedgerCheck_INCLUDED
#define MB_Service_LedgerCheck_INCLUDED

#include "connector/service/ImapMailboxClient.h"
#include "connector/service/ServiceConfig.h"
#include "mapping/model/Mapping.h"
#include "mapping/sql/OwnTablesSql.h"

#include <Poco/Logger.h>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping { class OdbcConnection; }
namespace service {

class LedgerCheck
	/// One per worker thread, on that thread's connection; its own IMAP
	/// connection, opened when there is a ledger row to check.
{
public:
	/// ledger.expunged: why a message is no longer where the ledger saw it.
	enum Removal { PRESENT = 0, EXPUNGED_ON_SERVER = 1, MOVED_TO_TRASH = 2, EXPUNGED_BY_MAILBRIDGE = 3 };

	struct Report
	{
		std::size_t checked = 0;    ///< ledger rows looked at
		std::size_t expunged = 0;   ///< gone from the server: marked
		std::size_t removed = 0;    ///< moved to Trash or expunged for a deleted activity
		std::size_t mismatched = 0; ///< a deleted activity's message not removed: the server's copy is not the ledger's
	};

	LedgerCheck(mapping::OdbcConnection& db, const mapping::Mapping* mapping, const MailboxConfig& mailbox);
		/// mapping may be null (no <deleted-activities>: nothing is removed).

	Report runOnce();
		/// One whole pass over the mailbox's ledger rows still marked
		/// present: step() until it is done. Throws as step().

	bool step(Report& report);
		/// The next page (OwnTablesSql::LEDGER_PAGE rows) of the pass, added
		/// to report; true when the pass is complete (the next step starts
		/// a new one). A folder that cannot be selected, or whose
		/// UIDVALIDITY changed, is skipped (the inbound sync reconciles it).
		/// Throws DatabaseUnavailable, TransientError (IMAP), MailboxError;
		/// the pass goes on from the same page next time.

	void close();
		/// Logs out; never throws.

private:
	struct Row
	{
		std::string folder;
		std::uint32_t uidValidity = 0;
		std::uint32_t uid = 0;
		std::string messageId;
		std::vector<std::string> activityKeys;
	};

	std::vector<Row> page(std::int64_t& afterId);
	void checkFolder(const std::string& folder, std::uint32_t uidValidity, const std::vector<Row>& rows, Report& report);
	void remove(const std::string& folder, const Row& row, Report& report);
	void record(const std::string& folder, const Row& row, int removal, const std::string& why);
	std::string trashFolder();
	bool removing() const;

	mapping::OdbcConnection& _db;
	const mapping::Mapping* _mapping;
	MailboxConfig _mailbox;
	mapping::OwnTablesSql _sql;
	std::unique_ptr<ImapMailboxClient> _imap;
	std::string _trash;
	std::int64_t _afterId = 0;  ///< the pass's place in the ledger
	Poco::Logger& _logger;
};

} } // namespace mailbridge::service

#endif
