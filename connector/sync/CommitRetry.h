//
// CommitRetry.h
//
// A batch whose commit is refused because of one message's values (a column
// too narrow, a constraint) is committed again with that message turned into
// an Error record, so one bad message never blocks the folder behind it.
//

#ifndef MB_Sync_CommitRetry_INCLUDED
#define MB_Sync_CommitRetry_INCLUDED

#include "connector/sync/MessageRecord.h"

#include <functional>
#include <vector>

namespace mailbridge {
namespace sync {

void commitRetryingRefused(std::vector<MessageRecord>& records, const std::function<void()>& commit);
	/// Calls commit(); on RecordRefused for a record of the batch, marks that
	/// record Error (its people dropped, the refusal as detail) and calls it
	/// again. Ends after at most records.size() retries. Rethrows a refusal
	/// for a record already an Error, or one not in the batch, and anything
	/// else commit() throws.

} } // namespace mailbridge::sync

#endif
