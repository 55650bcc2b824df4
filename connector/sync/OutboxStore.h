//
// OutboxStore.h
//
// What the outbound state machine needs from the database (mb_outbox and
// mb_outbox_recipient). Every call is one transaction.
//

#ifndef MB_Sync_OutboxStore_INCLUDED
#define MB_Sync_OutboxStore_INCLUDED

#include "connector/sync/OutboxItem.h"

#include <Poco/Timespan.h>
#include <cstddef>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

class OutboxStore
{
public:
	virtual ~OutboxStore() = default;

	virtual std::vector<OutboxItem> claimDue(const std::string& mailbox, const std::string& worker,
		Poco::Timestamp now, Poco::Timespan lease, std::size_t limit) = 0;
		/// Atomically, for the mailbox's rows: queued rows with send_at <= now
		/// and retry rows with next_attempt_at <= now become claimed by worker;
		/// rows left in claimed, sending, accepted or filed by a worker whose
		/// claim is older than lease are taken over in the state they are in.
		/// Sets claimed_by and claimed_at on all of them and returns them, at
		/// most limit, oldest send_at first. Two workers never get the same
		/// row. Throws TransientError when the database is unreachable.

	virtual bool transition(const OutboxItem& item, OutboxState expected) = 0;
		/// Writes the item (state, message_id, attempts, next_attempt_at,
		/// sent_at, last_error, filed_uid) and its recipients' state and reply,
		/// in one transaction, only when the row is still in `expected` and
		/// claimed by item.claimedBy. Returns false, writing nothing, when it
		/// is not (another worker took it over). Throws TransientError.
};

} } // namespace mailbridge::sync

#endif
