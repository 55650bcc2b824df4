//
// TimedSyncStore.cpp
//

#include "bench/pipeline/TimedSyncStore.h"

namespace mailbridge {
namespace bench {

TimedSyncStore::TimedSyncStore(std::unique_ptr<service::AtsStore> inner, StageClock& clock):
	_inner(std::move(inner)),
	_clock(clock)
{
}

sync::FolderCursor TimedSyncStore::loadCursor(const sync::FolderKey& key)
{
	StageClock::Scope t(_clock, "db.cursor");
	return _inner->loadCursor(key);
}

void TimedSyncStore::commit(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records,
	const sync::FolderCursor& cursor)
{
	{
		StageClock::Scope t(_clock, "commit", records.size());
		_inner->commit(key, uidValidity, records, cursor);
	}
	_clock.mark("committed");
}

void TimedSyncStore::commitRecords(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records)
{
	StageClock::Scope t(_clock, "commit", records.size());
	_inner->commitRecords(key, uidValidity, records);
}

void TimedSyncStore::saveCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor)
{
	StageClock::Scope t(_clock, "db.cursor");
	_inner->saveCursor(key, cursor);
}

std::vector<std::uint32_t> TimedSyncStore::ledgerUids(const sync::FolderKey& key, std::uint32_t uidValidity,
	std::uint32_t first, std::uint32_t last)
{
	StageClock::Scope t(_clock, "db.ledger");
	return _inner->ledgerUids(key, uidValidity, first, last);
}

std::vector<sync::MessageIdentity> TimedSyncStore::ledger(const sync::FolderKey& key, std::uint32_t uidValidity)
{
	StageClock::Scope t(_clock, "db.ledger");
	return _inner->ledger(key, uidValidity);
}

void TimedSyncStore::rekey(const sync::FolderKey& key, std::uint32_t oldValidity, std::uint32_t newValidity,
	const std::vector<std::pair<std::uint32_t, std::uint32_t>>& oldToNew, const sync::FolderCursor& cursor)
{
	StageClock::Scope t(_clock, "db.rekey");
	_inner->rekey(key, oldValidity, newValidity, oldToNew, cursor);
}

void TimedSyncStore::markExpunged(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<std::uint32_t>& uids,
	const sync::FolderCursor& cursor)
{
	StageClock::Scope t(_clock, "db.expunged");
	_inner->markExpunged(key, uidValidity, uids, cursor);
}

} } // namespace mailbridge::bench
