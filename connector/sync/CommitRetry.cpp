#include "connector/sync/CommitRetry.h"
#include "connector/sync/RecordRefused.h"

#include <algorithm>

namespace mailbridge {
namespace sync {

void commitRetryingRefused(std::vector<MessageRecord>& records, const std::function<void()>& commit)
{
	// Each refusal turns one record into an Error record that writes only its
	// ledger row, so this ends after at most records.size() retries.
	for (std::size_t attempt = 0;; ++attempt)
	{
		try
		{
			commit();
			return;
		}
		catch (RecordRefused& refused)
		{
			auto it = std::find_if(records.begin(), records.end(),
				[&](const MessageRecord& r) { return r.uid == refused.uid(); });
			if (it == records.end() || it->outcome == Outcome::Error || attempt >= records.size()) throw;
			it->outcome = Outcome::Error;
			it->detail = refused.displayText();
			it->people.clear();
		}
	}
}

} } // namespace mailbridge::sync
