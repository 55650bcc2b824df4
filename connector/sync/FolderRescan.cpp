#include "connector/sync/FolderRescan.h"
#include "connector/sync/CommitRetry.h"

#include "connector/common/Errors.h"

#include <algorithm>
#include <set>

namespace mailbridge {
namespace sync {

FolderRescan::FolderRescan(MailboxClient& client, SyncStore& store, MessageProcessor& processor, std::size_t batchMessages):
	_client(client),
	_store(store),
	_processor(processor),
	_batch(batchMessages ? batchMessages : 1)
{
}

RescanReport FolderRescan::run(const FolderKey& key, FolderRole role, const RescanScope& scope, const Progress& progress)
{
	RescanReport report;
	const FolderSnapshot snap = _client.open(key.folder, 0, 0);
	if (snap.uidValidity == 0)
		throw TransientError("the server reported no UIDVALIDITY for " + key.folder);
	std::vector<std::uint32_t> uids;
	if (scope.addresses.empty())
	{
		uids = _client.searchDates(scope.since, scope.before);
	}
	else
	{
		// Addresses are searched by day; the range's upper bound is kept by
		// dropping what a date search says came later.
		uids = _client.searchAddresses(scope.addresses, scope.since);
		const std::vector<std::uint32_t> inRange = _client.searchDates(scope.since, scope.before);
		const std::set<std::uint32_t> keep(inRange.begin(), inRange.end());
		uids.erase(std::remove_if(uids.begin(), uids.end(), [&](std::uint32_t uid) { return !keep.count(uid); }), uids.end());
	}
	std::sort(uids.begin(), uids.end());
	std::reverse(uids.begin(), uids.end()); // newest first: recent mail matters most
	report.found = uids.size();
	const FolderContext ctx{key, role, snap.uidValidity};

	for (std::size_t begin = 0; begin < uids.size(); begin += _batch)
	{
		const std::size_t end = std::min(uids.size(), begin + _batch);
		const std::vector<std::uint32_t> chunk(uids.begin() + begin, uids.begin() + end);
		const std::set<std::uint32_t> asked(chunk.begin(), chunk.end());
		std::vector<FetchedMessage> usable;
		_client.fetch(chunk, [&](FetchedMessage& message) {
			if (asked.count(message.uid) && !message.missing) usable.push_back(std::move(message));
		});
		report.missing += chunk.size() - usable.size();
		report.fetched += usable.size();

		std::vector<MessageRecord> records = _processor.process(ctx, usable);
		commitRetryingRefused(records, [&] { _store.commitRecords(key, snap.uidValidity, records); });
		for (const MessageRecord& record: records)
		{
			if (record.outcome == Outcome::Logged) ++report.logged;
			if (record.outcome == Outcome::Error) ++report.errors;
		}
		if (progress) progress(key.folder, end, uids.size());
	}
	return report;
}

} } // namespace mailbridge::sync
