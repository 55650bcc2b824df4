//
// FolderCursor.h
//
// How far one folder of one mailbox has been synced. It is committed in the
// same transaction as the rows it covers (our equivalent of isync's journal),
// so after a crash it never claims more than the database holds.
//

#ifndef MB_Sync_FolderCursor_INCLUDED
#define MB_Sync_FolderCursor_INCLUDED

#include <Poco/Timestamp.h>
#include <cstdint>
#include <string>

namespace mailbridge {
namespace sync {

struct FolderCursor
{
	static constexpr int FORMAT_VERSION = 1;
		/// Stored with every cursor; a cursor of another version is refused.

	std::uint32_t uidValidity = 0;
		/// 0: the folder was never synced.
	std::uint32_t lastUid = 0;
		/// Every UID above backfillFloor and up to lastUid is committed.
		/// Incremental sync fetches UIDs above it.
	std::uint32_t backfillFloor = 0;
		/// The first sync walks the window newest first; UIDs below the floor
		/// are not yet backfilled. 0 before the first batch; 1 when done.
	std::uint64_t highestModSeq = 0;
		/// CONDSTORE: the folder's HIGHESTMODSEQ when last synced; 0 when the
		/// server has none.
	int formatVersion = FORMAT_VERSION;

	bool synced() const { return uidValidity != 0; }
	bool backfillDone() const { return backfillFloor == 1; }
};

} } // namespace mailbridge::sync

#endif
