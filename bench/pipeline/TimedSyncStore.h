//
// TimedSyncStore.h
//
// The worker's AtsStore (its own ODBC connection, people lookup and
// activity writer) behind a stopwatch: "commit" is a batch's whole
// transaction, activity inserts included; cursor and ledger reads apart.
//

#ifndef MB_Bench_TimedSyncStore_INCLUDED
#define MB_Bench_TimedSyncStore_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "connector/service/AtsStore.h"

#include <memory>

namespace mailbridge {
namespace bench {

class TimedSyncStore: public sync::SyncStore
{
public:
	TimedSyncStore(std::unique_ptr<service::AtsStore> inner, StageClock& clock);

	sync::PeopleDirectory& directory() { return _inner->directory(); }

	sync::FolderCursor loadCursor(const sync::FolderKey& key) override;
	void commit(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records,
		const sync::FolderCursor& cursor) override;
		/// Marks "committed" when the transaction is done.
	void commitRecords(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records) override;
	void saveCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor) override;
	std::vector<sync::MessageIdentity> ledger(const sync::FolderKey& key, std::uint32_t uidValidity) override;
	std::vector<std::uint32_t> ledgerUids(const sync::FolderKey& key, std::uint32_t uidValidity, std::uint32_t first,
		std::uint32_t last) override;
	void rekey(const sync::FolderKey& key, std::uint32_t oldValidity, std::uint32_t newValidity,
		const std::vector<std::pair<std::uint32_t, std::uint32_t>>& oldToNew, const sync::FolderCursor& cursor) override;
	void markExpunged(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<std::uint32_t>& uids,
		const sync::FolderCursor& cursor) override;

private:
	std::unique_ptr<service::AtsStore> _inner;
	StageClock& _clock;
};

} } // namespace mailbridge::bench

#endif
