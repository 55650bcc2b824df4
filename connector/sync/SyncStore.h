//
// SyncStore.h
//
// What the sync engine needs from the database. The engine sees only this
// interface; the ODBC adapter lives in the service layer, and the engine's
// tests use an in-memory fake with kill points.
//

#ifndef MB_Sync_SyncStore_INCLUDED
#define MB_Sync_SyncStore_INCLUDED

#include "connector/sync/FolderCursor.h"
#include "connector/sync/MessageIdentity.h"
#include "connector/sync/MessageRecord.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mailbridge {
namespace sync {

struct FolderKey
{
	std::string mailbox;  ///< the mailbox's address
	std::string folder;   ///< the folder's name on the server

	bool operator<(const FolderKey& other) const
	{
		return mailbox < other.mailbox || (mailbox == other.mailbox && folder < other.folder);
	}
	bool operator==(const FolderKey& other) const { return mailbox == other.mailbox && folder == other.folder; }
};

class SyncStore
{
public:
	virtual ~SyncStore() = default;

	virtual FolderCursor loadCursor(const FolderKey& key) = 0;
		/// The folder's committed cursor, or a default one for a new folder.
		/// Throws MailboxError when the stored state has an unknown version.

	virtual void commit(const FolderKey& key, std::uint32_t uidValidity, const std::vector<MessageRecord>& records, const FolderCursor& cursor) = 0;
		/// In ONE transaction: for every record, its ledger row; for every
		/// person of a Logged record, the activity (unless one already exists
		/// for this message identity and person: then the ledger points at it);
		/// and the cursor. A record whose UID the ledger already holds is
		/// skipped: a message is never written twice. All or nothing. Throws TransientError when the
		/// database is unreachable, MessageError naming the record's UID and
		/// the column when one record's values are refused.

	virtual void commitRecords(const FolderKey& key, std::uint32_t uidValidity, const std::vector<MessageRecord>& records) = 0;
		/// As commit(), without touching the cursor: a backfill over a date
		/// range runs beside the live sync and must never move its cursor.
		/// Ledger rows already present stay; activities missing for a person
		/// (say, one added to the ATS since) are written.

	virtual void saveCursor(const FolderKey& key, const FolderCursor& cursor) = 0;
		/// Commits a cursor that covers no new rows (e.g. UIDs that were
		/// expunged before we saw them).

	virtual std::vector<MessageIdentity> ledger(const FolderKey& key, std::uint32_t uidValidity) = 0;
		/// The ledger rows of the folder under a given UIDVALIDITY that are not
		/// marked gone.

	virtual std::vector<std::uint32_t> ledgerUids(const FolderKey& key, std::uint32_t uidValidity, std::uint32_t first,
		std::uint32_t last)
		/// The UIDs from first to last of ledger(), ascending: what a backfill
		/// pass needs, without reading the whole folder's rows each time.
	{
		std::vector<std::uint32_t> out;
		for (const MessageIdentity& id: ledger(key, uidValidity))
			if (id.uid >= first && id.uid <= last) out.push_back(id.uid);
		std::sort(out.begin(), out.end());
		return out;
	}

	virtual void rekey(const FolderKey& key, std::uint32_t oldValidity, std::uint32_t newValidity,
		const std::vector<std::pair<std::uint32_t, std::uint32_t>>& oldToNew, const FolderCursor& cursor) = 0;
		/// After a UIDVALIDITY change (or UIDNEXT going back, where old and new
		/// validity are equal): replaces the folder's ledger rows under
		/// oldValidity by the matched ones under their new UIDs, marks the
		/// unmatched old rows gone, and saves the cursor, in one transaction.

	virtual void markExpunged(const FolderKey& key, std::uint32_t uidValidity, const std::vector<std::uint32_t>& uids, const FolderCursor& cursor) = 0;
		/// Records that these UIDs left the server (the activities stay: ATS
		/// records are records), with the cursor, in one transaction.
};

} } // namespace mailbridge::sync

#endif
