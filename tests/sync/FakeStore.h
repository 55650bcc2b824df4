//
// FakeStore.h
//
// An in-memory SyncStore that keeps the real store's contract (each call is
// one all-or-nothing transaction; one activity per message identity and
// person) and can be killed before any durable step.
//

#ifndef MB_Tests_FakeStore_INCLUDED
#define MB_Tests_FakeStore_INCLUDED

#include "connector/sync/MessageProcessor.h"
#include "connector/sync/SyncStore.h"

#include <atomic>
#include <map>
#include <thread>
#include <set>
#include <tuple>

namespace mailbridge {
namespace test {

struct FakeLedgerRow
{
	sync::MessageIdentity id;
	sync::Outcome outcome = sync::Outcome::NoPerson;
	bool gone = false;
};

class FakeStore: public sync::SyncStore
{
public:
	using LedgerKey = std::tuple<std::string, std::string, std::uint32_t, std::uint32_t>;

	std::map<sync::FolderKey, sync::FolderCursor> cursors;
	std::map<LedgerKey, FakeLedgerRow> ledgerRows;
	std::map<std::pair<std::string, std::string>, int> activities;  ///< (identity, person) -> activity key
	std::vector<std::vector<std::uint32_t>> commits;                ///< the UIDs of each commit, in order
	int steps = 0;       ///< durable steps taken
	std::set<std::uint32_t> refuseUids;  ///< Logged records the "database" refuses (RecordRefused)
	int killAt = 0;      ///< throw before this durable step (1-based); 0: never

	sync::FolderCursor loadCursor(const sync::FolderKey& key) override;
	void commit(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records, const sync::FolderCursor& cursor) override;
	void commitRecords(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records) override;
	void saveCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor) override;
	std::vector<sync::MessageIdentity> ledger(const sync::FolderKey& key, std::uint32_t uidValidity) override;
	void rekey(const sync::FolderKey& key, std::uint32_t oldValidity, std::uint32_t newValidity,
		const std::vector<std::pair<std::uint32_t, std::uint32_t>>& oldToNew, const sync::FolderCursor& cursor) override;
	void markExpunged(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<std::uint32_t>& uids, const sync::FolderCursor& cursor) override;

	std::size_t liveLedgerRows(const sync::FolderKey& key) const;

private:
	void write(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records, bool skipLedgered);
	void step();
};

class FakeProcessor: public sync::MessageProcessor
	/// Reads the fake's "Message-ID:" and "To:" lines; the To is the person.
{
public:
	void prepare(sync::FetchedMessage& message) const override;
	std::vector<sync::MessageRecord> process(const sync::FolderContext& folder, std::vector<sync::FetchedMessage>& batch) override;

	mutable std::atomic<int> prepares{0};   ///< prepare() calls, on any thread
	mutable std::atomic<int> elsewhere{0};  ///< of those, on a thread other than the one that made this
	int preparedSeen = 0;                   ///< messages process() got already prepared

private:
	std::thread::id _home = std::this_thread::get_id();
};

} } // namespace mailbridge::test

#endif
