#include "connector/sync/FolderSync.h"
#include "connector/sync/CommitRetry.h"

#include "connector/common/Errors.h"

#include <Poco/Timespan.h>

#include <algorithm>
#include <future>
#include <set>
#include <unordered_map>

namespace mailbridge {
namespace sync {

FolderSync::FolderSync(MailboxClient& client, SyncStore& store, MessageProcessor& processor, const FolderSyncOptions& options):
	_client(client),
	_store(store),
	_processor(processor),
	_options(options)
{
	if (_options.batchMessages == 0) _options.batchMessages = 1;
}

FolderSyncReport FolderSync::syncOnce(const FolderKey& key, FolderRole role)
{
	FolderSyncReport report;
	const FolderCursor stored = _store.loadCursor(key);
	if (stored.formatVersion != FolderCursor::FORMAT_VERSION)
	{
		throw MailboxError("folder state of " + key.mailbox + " " + key.folder + " has format version " +
			std::to_string(stored.formatVersion) + "; this mailbridge knows " + std::to_string(FolderCursor::FORMAT_VERSION));
	}
	FolderCursor cursor = stored;
	FolderSnapshot snap = _client.open(key.folder, cursor.uidValidity, cursor.highestModSeq);
	if (snap.uidValidity == 0)
		throw TransientError("the server reported no UIDVALIDITY for " + key.folder);

	if (cursor.synced())
	{
		const bool validityChanged = snap.uidValidity != cursor.uidValidity;
		// A UIDNEXT at or below a UID we committed means the server reused UIDs.
		const bool uidNextBack = snap.uidNext != 0 && snap.uidNext <= cursor.lastUid;
		if (validityChanged || uidNextBack)
		{
			reconcile(key, snap, cursor, report);
		}
		else if (!snap.vanished.empty())
		{
			std::vector<std::uint32_t> gone;
			for (std::uint32_t uid: snap.vanished)
				if (uid <= cursor.lastUid) gone.push_back(uid);
			if (!gone.empty())
			{
				_store.markExpunged(key, cursor.uidValidity, gone, cursor);
				report.expunged = gone.size();
			}
		}
	}

	FolderContext ctx{key, role, snap.uidValidity};
	bool complete = true;

	if (!cursor.synced())
	{
		// First sync: the top is fixed now; anything newer is incremental work.
		std::vector<std::uint32_t> window;
		std::uint32_t top = 0;
		if (snap.uidNext > 1)
		{
			top = snap.uidNext - 1;
			window = _client.search(1, top, &_options.windowStart);
		}
		else if (snap.uidNext == 0)
		{
			window = _client.search(1, 0, &_options.windowStart);
			if (!window.empty()) top = window.back();
		}
		cursor.uidValidity = snap.uidValidity;
		cursor.lastUid = top;
		cursor.backfillFloor = 0;
		if (window.empty())
		{
			cursor.backfillFloor = 1;
			cursor.highestModSeq = snap.highestModSeq;
			_store.saveCursor(key, cursor);
			return report;
		}
		complete = runBatches(ctx, window, true, cursor, report);
	}
	else
	{
		// Incremental: everything above the cursor, oldest first.
		if (snap.uidNext == 0 || snap.uidNext > cursor.lastUid + 1)
		{
			std::vector<std::uint32_t> fresh = _client.search(cursor.lastUid + 1, 0, nullptr);
			if (!fresh.empty())
				complete = runBatches(ctx, fresh, false, cursor, report);
			else if (snap.uidNext > cursor.lastUid + 1)
				cursor.lastUid = snap.uidNext - 1; // those UIDs were expunged before we saw them
		}
		// Then the rest of the window, newest first.
		if (complete && !cursor.backfillDone())
		{
			const std::uint32_t below = cursor.backfillFloor == 0 ? cursor.lastUid : cursor.backfillFloor - 1;
			std::vector<std::uint32_t> window;
			if (below >= 1) window = _client.search(1, below, &_options.windowStart);
			// UIDs the ledger already holds (after a reconciliation) need no fetch.
			if (!window.empty())
			{
				const auto range = std::minmax_element(window.begin(), window.end());
				std::set<std::uint32_t> known;
				for (std::uint32_t uid: _store.ledgerUids(key, cursor.uidValidity, *range.first, *range.second)) known.insert(uid);
				window.erase(std::remove_if(window.begin(), window.end(),
					[&](std::uint32_t uid) { return known.count(uid) != 0; }), window.end());
			}
			if (window.empty())
				cursor.backfillFloor = 1;
			else
				complete = runBatches(ctx, window, true, cursor, report);
		}
	}

	if (complete) cursor.highestModSeq = snap.highestModSeq;
	if (cursor.uidValidity != stored.uidValidity || cursor.lastUid != stored.lastUid ||
		cursor.backfillFloor != stored.backfillFloor || cursor.highestModSeq != stored.highestModSeq)
	{
		_store.saveCursor(key, cursor);
	}
	return report;
}

bool FolderSync::runBatches(const FolderContext& ctx, std::vector<std::uint32_t> uids, bool descending,
	FolderCursor& cursor, FolderSyncReport& report)
{
	std::sort(uids.begin(), uids.end());
	if (descending) std::reverse(uids.begin(), uids.end());

	auto chunkAt = [&](std::size_t begin) {
		return std::vector<std::uint32_t>(uids.begin() + begin, uids.begin() + std::min(uids.size(), begin + _options.batchMessages));
	};
	// The next batch's fetch, when fetching ahead. Destroying it waits for
	// it, so the client is idle again whenever this function is left.
	std::future<std::unordered_map<std::uint32_t, FetchedMessage>> ahead;
	std::size_t batches = 0;
	for (std::size_t begin = 0; begin < uids.size(); begin += _options.batchMessages)
	{
		if (descending && _options.maxBackfillBatches != 0 && batches >= _options.maxBackfillBatches)
		{
			report.backfillPending = true;
			return true;
		}
		// Between batches: what is committed stays, with its cursor; the
		// next pass (after a restart, say) resumes from there.
		if (stopRequested())
		{
			report.stopped = true;
			if (descending) report.backfillPending = true;
			return false;
		}
		const std::size_t end = std::min(uids.size(), begin + _options.batchMessages);
		const std::vector<std::uint32_t> chunk = chunkAt(begin);

		std::unordered_map<std::uint32_t, FetchedMessage> got = ahead.valid() ? ahead.get() : fetchChunk(chunk);

		std::vector<FetchedMessage> usable;
		std::vector<MessageRecord> failed;
		std::uint32_t stopAt = 0;
		for (std::uint32_t uid: chunk)
		{
			auto it = got.find(uid);
			if (it != got.end() && !it->second.missing)
			{
				usable.push_back(std::move(it->second));
				continue;
			}
			if (!stillThere(uid)) continue; // expunged meanwhile: nothing to record
			int& seen = _missingSeen[{ctx.key.mailbox + "\n" + ctx.key.folder, uid}];
			if (++seen < _options.missingRetries)
			{
				stopAt = uid; // try again next pass, and go no further now
				break;
			}
			MessageRecord record;
			record.uid = uid;
			record.outcome = Outcome::Error;
			record.detail = "the server returned no body for this message " + std::to_string(seen) + " times";
			failed.push_back(std::move(record));
		}

		// Nothing is written by a fetch: fetching the next batch while this
		// one commits changes no state, and a failure here discards it.
		const bool more = stopAt == 0 && end < uids.size() &&
			!(descending && _options.maxBackfillBatches != 0 && batches + 1 >= _options.maxBackfillBatches) &&
			!stopRequested();
		if (_options.fetchAhead && more)
			ahead = std::async(std::launch::async, [this, next = chunkAt(end)] {
				// Parsing too, on this thread: it needs nothing the commit holds.
				std::unordered_map<std::uint32_t, FetchedMessage> fetched = fetchChunk(next);
				for (auto& m: fetched)
					if (!m.second.missing) _processor.prepare(m.second);
				return fetched;
			});

		std::vector<MessageRecord> records = _processor.process(ctx, usable);
		for (MessageRecord& record: failed) records.push_back(std::move(record));

		if (descending)
		{
			const bool last = stopAt == 0 && end == uids.size();
			cursor.backfillFloor = last ? 1 : (stopAt ? stopAt + 1 : chunk.back());
		}
		else
		{
			cursor.lastUid = stopAt ? stopAt - 1 : chunk.back();
		}
		commitRefusing(ctx, records, cursor);
		++batches;
		++report.batches;
		report.fetched += usable.size();
		for (const MessageRecord& record: records)
		{
			if (record.outcome == Outcome::Logged) ++report.logged;
			if (record.outcome == Outcome::Error) ++report.errors;
			_missingSeen.erase({ctx.key.mailbox + "\n" + ctx.key.folder, record.uid});
		}
		if (stopAt)
		{
			report.retryLater = true;
			if (descending) report.backfillPending = true;
			return false;
		}
	}
	return true;
}

std::unordered_map<std::uint32_t, FetchedMessage> FolderSync::fetchChunk(const std::vector<std::uint32_t>& chunk)
{
	std::unordered_map<std::uint32_t, FetchedMessage> got;
	got.reserve(chunk.size());
	const std::set<std::uint32_t> asked(chunk.begin(), chunk.end());
	_client.fetch(chunk, [&](FetchedMessage& message) {
		// A server may answer for UIDs we did not ask for (the "n:*" trap).
		if (asked.count(message.uid)) got[message.uid] = std::move(message);
	});
	return got;
}

void FolderSync::commitRefusing(const FolderContext& ctx, std::vector<MessageRecord>& records, const FolderCursor& cursor)
{
	commitRetryingRefused(records, [&] { _store.commit(ctx.key, ctx.uidValidity, records, cursor); });
}

bool FolderSync::stopRequested() const
{
	return _options.shouldStop && _options.shouldStop();
}

bool FolderSync::stillThere(std::uint32_t uid)
{
	return !_client.search(uid, uid, nullptr).empty();
}

void FolderSync::reconcile(const FolderKey& key, const FolderSnapshot& snap, FolderCursor& cursor, FolderSyncReport& report)
{
	report.reconciled = true;
	report.uidValidityWas = cursor.uidValidity;
	report.uidValidityNow = snap.uidValidity;
	const std::vector<MessageIdentity> old = _store.ledger(key, cursor.uidValidity);
	report.ledgerRows = old.size();

	std::unordered_map<std::string, std::vector<std::uint32_t>> oldByKey;
	// The ledger may reach back past today's window (rows synced while the
	// window still covered them): those are looked for too, so that they keep
	// their identity under the new UIDs instead of being marked gone.
	Poco::Timestamp since = _options.windowStart;
	for (const MessageIdentity& id: old)
	{
		oldByKey[id.matchKey()].push_back(id.uid);
		if (id.internalDate < since) since = id.internalDate;
	}
	// SEARCH SINCE compares whole days in the server's time zone: a day's margin.
	since -= Poco::Timespan(1, 0, 0, 0, 0);
	const bool wholeFolder = since.epochMicroseconds() <= 0; // a row without a date
	const std::vector<std::uint32_t> present = _client.search(1, 0, wholeFolder ? nullptr : &since);

	std::vector<std::pair<std::uint32_t, std::uint32_t>> oldToNew;
	std::size_t seen = 0;
	if (!present.empty() && !old.empty())
	{
		_client.fetchIdentities(present, [&](const MessageIdentity& id) {
			++seen;
			auto it = oldByKey.find(id.matchKey());
			if (it == oldByKey.end() || it->second.empty()) return;
			oldToNew.emplace_back(it->second.back(), id.uid);
			it->second.pop_back(); // each old row matches one new message at most
		});
	}
	report.rekeyed = oldToNew.size();
	report.ledgerGone = old.size() - oldToNew.size();

	// As isync decides whether a UIDVALIDITY change was spurious: enough
	// matches, or most of what could match, mean the same folder renumbered.
	// Otherwise the folder's content changed (an account replaced or
	// restored): reported for a warning, and synced all the same, since the
	// message identity keeps every activity unique whatever the UIDs.
	const std::size_t comparable = std::min(old.size(), seen);
	report.looksLikeNewFolder = comparable > 0 && oldToNew.size() < _options.reconcileConfirmed &&
		double(oldToNew.size()) < _options.reconcileThreshold * double(comparable);

	// Start the folder over under the new UIDs: the backfill skips what the
	// ledger now holds, and the message identity keeps activities unique.
	// Unmatched rows are marked gone, keeping their Message-ID and size.
	const std::uint32_t oldValidity = cursor.uidValidity;
	cursor.uidValidity = snap.uidValidity;
	cursor.lastUid = snap.uidNext > 0 ? snap.uidNext - 1 : (present.empty() ? 0 : present.back());
	cursor.backfillFloor = 0;
	cursor.highestModSeq = 0;
	_store.rekey(key, oldValidity, snap.uidValidity, oldToNew, cursor);
}

} } // namespace mailbridge::sync
