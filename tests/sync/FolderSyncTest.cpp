// FolderSync against the fakes: tables of (mailbox state, saved state) ->
// expected rows and cursor, kill points before every durable step followed
// by a restart, and the server misbehaviours the engine must survive.

#include "connector/common/Errors.h"
#include "connector/sync/FolderSync.h"
#include "tests/sync/FakeMailbox.h"
#include "tests/sync/FakeStore.h"

#include <Poco/Timespan.h>

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <map>

using namespace mailbridge;
using namespace mailbridge::sync;
using mailbridge::test::FakeMailbox;
using mailbridge::test::FakeMessage;
using mailbridge::test::FakeProcessor;
using mailbridge::test::FakeStore;

namespace {

const Poco::Timestamp NOW;
const Poco::Timestamp WINDOW = NOW - Poco::Timespan(90, 0, 0, 0, 0);
const FolderKey INBOX{"alice@example.test", "INBOX"};

FakeMessage recent(const std::string& id, const std::string& to = "carol@example.net")
{
	return FakeMessage{id, to, NOW - Poco::Timespan(1, 0, 0, 0, 0)};
}

FakeMessage old(const std::string& id)
{
	return FakeMessage{id, "carol@example.net", NOW - Poco::Timespan(400, 0, 0, 0, 0)};
}

FolderSyncOptions options(std::size_t batch, std::size_t maxBackfill = 0)
{
	FolderSyncOptions o;
	o.windowStart = WINDOW;
	o.batchMessages = batch;
	o.maxBackfillBatches = maxBackfill;
	return o;
}

// Runs passes until nothing is pending; a fresh FolderSync each pass, as after a restart.
void syncUntilDone(FakeMailbox& mailbox, FakeStore& store, const FolderSyncOptions& o, const FolderKey& key = INBOX,
	FolderRole role = FolderRole::Inbox)
{
	FakeProcessor processor;
	FolderSync sync(mailbox, store, processor, o);
	for (int pass = 0; pass < 50; ++pass)
	{
		FolderSyncReport report = sync.syncOnce(key, role);
		if (!report.backfillPending && !report.retryLater) return;
	}
	CPPUNIT_FAIL("sync did not finish in 50 passes");
}

std::map<std::uint32_t, int> commitCounts(const FakeStore& store)
{
	std::map<std::uint32_t, int> counts;
	for (auto& commit: store.commits)
		for (std::uint32_t uid: commit) ++counts[uid];
	return counts;
}

struct Row
{
	const char* name;
	std::function<void(FakeMailbox&)> mailbox;
	std::size_t batch;
	std::size_t activities;
	std::size_t ledger;
	std::uint32_t lastUid;
	std::vector<std::vector<std::uint32_t>> commits;
};

} // namespace

class FolderSyncTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FolderSyncTest);
	CPPUNIT_TEST(testFirstSyncTable);
	CPPUNIT_TEST(testIncrementalOldestFirst);
	CPPUNIT_TEST(testNoChangeResyncWritesNothing);
	CPPUNIT_TEST(testKillPoints);
	CPPUNIT_TEST(testKillPointsFetchingAhead);
	CPPUNIT_TEST(testFetchAheadSameResult);
	CPPUNIT_TEST(testFetchAheadPreparesOnTheFetchingThread);
	CPPUNIT_TEST(testUidValidityReset);
	CPPUNIT_TEST(testUidValidityResetToOtherContent);
	CPPUNIT_TEST(testReconcileTable);
	CPPUNIT_TEST(testUidNextBackwards);
	CPPUNIT_TEST(testStarTrapIgnored);
	CPPUNIT_TEST(testNilBodyRetried);
	CPPUNIT_TEST(testNilBodyRecordedAfterRetries);
	CPPUNIT_TEST(testExpungedBeforeFetch);
	CPPUNIT_TEST(testVanishedMarksLedger);
	CPPUNIT_TEST(testBackfillInSlices);
	CPPUNIT_TEST(testUnknownCursorVersion);
	CPPUNIT_TEST(testSameMessageInTwoFolders);
	CPPUNIT_TEST(testRefusedRecordDoesNotBlockFolder);
	CPPUNIT_TEST(testStopBetweenBatches);
	CPPUNIT_TEST(testStopDuringIncremental);
	CPPUNIT_TEST_SUITE_END();

public:
	void testFirstSyncTable()
	{
		const std::vector<Row> rows = {
			{"empty folder", [](FakeMailbox& m) { m.folders_["INBOX"]; }, 2, 0, 0, 0, {}},
			{"newest first in batches", [](FakeMailbox& m) {
				for (int i = 1; i <= 5; ++i) m.add("INBOX", recent("m" + std::to_string(i)));
			}, 2, 5, 5, 5, {{5, 4}, {3, 2}, {1}}},
			{"only the window", [](FakeMailbox& m) {
				for (int i = 1; i <= 3; ++i) m.add("INBOX", old("o" + std::to_string(i)));
				m.add("INBOX", recent("n1"));
				m.add("INBOX", recent("n2"));
			}, 10, 2, 2, 5, {{5, 4}}},
			{"no person: ledger only", [](FakeMailbox& m) { m.add("INBOX", recent("x", "")); }, 10, 0, 1, 1, {{1}}},
			{"one activity per message identity", [](FakeMailbox& m) {
				m.add("INBOX", recent("same"));
				m.add("INBOX", recent("same"));
			}, 10, 1, 2, 2, {{2, 1}}},
		};
		for (const Row& row: rows)
		{
			FakeMailbox mailbox;
			FakeStore store;
			row.mailbox(mailbox);
			syncUntilDone(mailbox, store, options(row.batch));
			CPPUNIT_ASSERT_EQUAL_MESSAGE(row.name, row.activities, store.activities.size());
			CPPUNIT_ASSERT_EQUAL_MESSAGE(row.name, row.ledger, store.liveLedgerRows(INBOX));
			FolderCursor cursor = store.loadCursor(INBOX);
			CPPUNIT_ASSERT_MESSAGE(row.name, cursor.synced());
			CPPUNIT_ASSERT_MESSAGE(row.name, cursor.backfillDone());
			CPPUNIT_ASSERT_EQUAL_MESSAGE(row.name, row.lastUid, cursor.lastUid);
			CPPUNIT_ASSERT_MESSAGE(row.name, row.commits == store.commits);
		}
	}

	void testIncrementalOldestFirst()
	{
		FakeMailbox mailbox;
		FakeStore store;
		mailbox.add("INBOX", recent("a"));
		syncUntilDone(mailbox, store, options(2));
		for (int i = 0; i < 3; ++i) mailbox.add("INBOX", recent("new" + std::to_string(i)));
		syncUntilDone(mailbox, store, options(2));
		const std::vector<std::vector<std::uint32_t>> expected = {{1}, {2, 3}, {4}};
		CPPUNIT_ASSERT(expected == store.commits);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), store.loadCursor(INBOX).lastUid);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), store.activities.size());
	}

	void testNoChangeResyncWritesNothing()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 0; i < 4; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		syncUntilDone(mailbox, store, options(10));
		const int steps = store.steps;
		const int bodies = mailbox.bodiesFetched;
		syncUntilDone(mailbox, store, options(10));
		CPPUNIT_ASSERT_EQUAL(steps, store.steps);
		CPPUNIT_ASSERT_EQUAL(bodies, mailbox.bodiesFetched);
	}

	void testKillPoints()
	{
		killPoints(options(3, 1));
	}

	void testKillPointsFetchingAhead()
	{
		// The next batch is fetched while one commits; a kill discards it.
		FolderSyncOptions o = options(2, 3);
		o.fetchAhead = true;
		killPoints(o);
	}

	void testFetchAheadSameResult()
	{
		FakeMailbox plainMailbox, aheadMailbox;
		FakeStore plain, ahead;
		for (int i = 1; i <= 23; ++i)
		{
			plainMailbox.add("INBOX", recent("m" + std::to_string(i)));
			aheadMailbox.add("INBOX", recent("m" + std::to_string(i)));
		}
		FolderSyncOptions o = options(4, 3);
		syncUntilDone(plainMailbox, plain, o);
		o.fetchAhead = true;
		syncUntilDone(aheadMailbox, ahead, o);
		CPPUNIT_ASSERT(plain.commits == ahead.commits);
		CPPUNIT_ASSERT_EQUAL(std::size_t(23), ahead.activities.size());
		CPPUNIT_ASSERT_EQUAL(plain.loadCursor(INBOX).backfillFloor, ahead.loadCursor(INBOX).backfillFloor);
	}

	void testFetchAheadPreparesOnTheFetchingThread()
	{
		// 10 messages in batches of 4: the first batch is fetched and
		// prepared inline (by process()), the other two ahead, on the
		// fetching thread; without fetching ahead, nothing is prepared.
		for (const bool ahead: {true, false})
		{
			FakeMailbox mailbox;
			FakeStore store;
			for (int i = 1; i <= 10; ++i) mailbox.add("INBOX", recent("p" + std::to_string(i)));
			FolderSyncOptions o = options(4, 0);
			o.fetchAhead = ahead;
			FakeProcessor processor;
			FolderSync sync(mailbox, store, processor, o);
			sync.syncOnce(INBOX, FolderRole::Inbox);
			CPPUNIT_ASSERT_EQUAL(std::size_t(10), store.activities.size());
			CPPUNIT_ASSERT_EQUAL(ahead ? 6 : 0, processor.prepares.load());
			CPPUNIT_ASSERT_EQUAL(ahead ? 6 : 0, processor.elsewhere.load());
			CPPUNIT_ASSERT_EQUAL(ahead ? 6 : 0, processor.preparedSeen);
		}
	}

	void killPoints(const FolderSyncOptions& o)
	{
		// The whole life of a folder: a backfill, new mail, an expunge, a
		// UIDVALIDITY reset and more mail. Killed before each durable step in
		// turn and restarted, every message is committed exactly once.
		auto script = [&o](FakeMailbox& mailbox, FakeStore& store, int killAt, std::map<std::uint32_t, int>& beforeReset) {
			store.killAt = killAt;
			auto run = [&]() {
				for (int attempt = 0; attempt < 3; ++attempt)
				{
					try
					{
						syncUntilDone(mailbox, store, o);
						return;
					}
					catch (TransientError&)
					{
						store.killAt = 0; // the restart
					}
				}
			};
			for (int i = 1; i <= 7; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
			mailbox.add("INBOX", old("ancient"));
			run();
			for (int i = 8; i <= 11; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
			mailbox.expunge("INBOX", 2);
			run();
			beforeReset = commitCounts(store);
			mailbox.renumber("INBOX", 2000);
			mailbox.add("INBOX", recent("m12"));
			run();
		};

		FakeMailbox referenceMailbox;
		FakeStore reference;
		std::map<std::uint32_t, int> referenceCounts;
		script(referenceMailbox, reference, 0, referenceCounts);
		CPPUNIT_ASSERT_EQUAL(std::size_t(12), reference.activities.size());
		CPPUNIT_ASSERT(reference.steps > 8);

		for (int k = 1; k <= reference.steps; ++k)
		{
			FakeMailbox mailbox;
			FakeStore store;
			std::map<std::uint32_t, int> counts;
			script(mailbox, store, k, counts);
			const std::string at = "killed before step " + std::to_string(k);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(at, reference.activities.size(), store.activities.size());
			CPPUNIT_ASSERT_EQUAL_MESSAGE(at, reference.liveLedgerRows(INBOX), store.liveLedgerRows(INBOX));
			CPPUNIT_ASSERT_MESSAGE(at, reference.loadCursor(INBOX).lastUid == store.loadCursor(INBOX).lastUid);
			CPPUNIT_ASSERT_MESSAGE(at, store.loadCursor(INBOX).uidValidity == 2000);
			// Before the reset, no UID was committed twice and none was lost.
			for (std::uint32_t uid = 1; uid <= 11; ++uid)
			{
				if (uid == 8) continue; // the old message outside the window
				CPPUNIT_ASSERT_EQUAL_MESSAGE(at + " uid " + std::to_string(uid), 1, counts[uid]);
			}
		}
	}

	void testUidValidityReset()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 5; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		syncUntilDone(mailbox, store, options(10));
		const int bodies = mailbox.bodiesFetched;

		mailbox.renumber("INBOX", 7777);
		FakeProcessor processor;
		FolderSync sync(mailbox, store, processor, options(10));
		FolderSyncReport report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT(report.reconciled);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), report.rekeyed);
		CPPUNIT_ASSERT(!report.looksLikeNewFolder);
		// Matched through the ledger: no body fetched again, nothing written again.
		CPPUNIT_ASSERT_EQUAL(bodies, mailbox.bodiesFetched);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(7777), store.loadCursor(INBOX).uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), store.ledger(INBOX, 7777).size());

		mailbox.add("INBOX", recent("m6"));
		syncUntilDone(mailbox, store, options(10));
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(bodies + 1, mailbox.bodiesFetched);
	}

	void testUidValidityResetToOtherContent()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 4; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		syncUntilDone(mailbox, store, options(10));
		// The account was replaced: other messages, one of them already logged.
		mailbox.folders_["INBOX"] = test::FakeFolder();
		mailbox.folders_["INBOX"].uidValidity = 31;
		mailbox.add("INBOX", recent("x1"));
		mailbox.add("INBOX", recent("x2"));
		mailbox.add("INBOX", recent("x3"));
		mailbox.add("INBOX", recent("m4"));
		FakeProcessor processor;
		FolderSync sync(mailbox, store, processor, options(10));
		FolderSyncReport report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT(report.reconciled);
		CPPUNIT_ASSERT(report.looksLikeNewFolder);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.rekeyed);
		CPPUNIT_ASSERT_EQUAL(std::size_t(7), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), store.ledger(INBOX, 31).size());
	}

	void testReconcileTable()
	{
		// (synced folder, what the server did, what came after) -> how the
		// ledger was matched, and the rows once synced again. Whatever the
		// match, no message is logged twice and no matched body is fetched.
		using Mailbox = std::function<void(FakeMailbox&)>;
		auto ids = [](const std::string& prefix, int from, int to) {
			std::vector<std::string> out;
			for (int i = from; i <= to; ++i) out.push_back(prefix + std::to_string(i));
			return out;
		};
		auto deliver = [](std::vector<std::string> recentIds, std::vector<std::string> oldIds = {}) -> Mailbox {
			return [=](FakeMailbox& m) {
				m.folders_["INBOX"];
				for (const std::string& id: oldIds) m.add("INBOX", FakeMessage{id, "carol@example.net", NOW - Poco::Timespan(400, 0, 0, 0, 0)});
				for (const std::string& id: recentIds) m.add("INBOX", recent(id));
			};
		};
		auto replaced = [](std::uint32_t validity, std::vector<std::string> recentIds) -> Mailbox {
			return [=](FakeMailbox& m) {
				m.folders_["INBOX"] = test::FakeFolder();
				m.folders_["INBOX"].uidValidity = validity;
				for (const std::string& id: recentIds) m.add("INBOX", recent(id));
			};
		};
		auto renumbered = [](FakeMailbox& m) { m.renumber("INBOX", 7777); };
		auto nothing = [](FakeMailbox&) {};
		auto concat = [](std::vector<std::string> a, const std::vector<std::string>& b) {
			a.insert(a.end(), b.begin(), b.end());
			return a;
		};
		struct Case
		{
			const char* name;
			Mailbox before;           ///< synced with a 500-day window
			Mailbox reset;            ///< then the server's change
			Mailbox after;            ///< then, after the reconciling pass
			std::size_t rekeyed, gone;
			bool newFolder;
			std::size_t activities, ledger, bodies;  ///< bodies fetched after the first sync
		};
		const std::vector<Case> cases = {
			{"renumbered", deliver(ids("m", 1, 5)), renumbered, nothing, 5, 0, false, 5, 5, 0},
			{"rows older than the window keep their identity", deliver(ids("m", 1, 3), ids("o", 1, 3)), renumbered,
				[](FakeMailbox& m) { m.add("INBOX", FakeMessage{"o1", "carol@example.net", NOW - Poco::Timespan(400, 0, 0, 0, 0)}); },
				6, 0, false, 6, 7, 1},
			{"three expunged meanwhile", deliver(ids("m", 1, 10)), [](FakeMailbox& m) {
				for (std::uint32_t uid: {2, 5, 9}) m.folders_["INBOX"].messages.erase(uid);
				m.renumber("INBOX", 7777);
			}, nothing, 7, 3, false, 10, 7, 0},
			{"another folder, one message shared", deliver(ids("m", 1, 4)), replaced(31, {"x1", "x2", "x3", "m4"}),
				[](FakeMailbox& m) { m.add("INBOX", recent("m1")); }, 1, 3, true, 7, 5, 4},
			{"20 matches confirm the folder", deliver(ids("m", 1, 30)), replaced(5, concat(ids("m", 1, 20), ids("x", 1, 40))),
				nothing, 20, 10, false, 70, 60, 40},
			{"19 of 30 do not", deliver(ids("m", 1, 30)), replaced(5, concat(ids("m", 1, 19), ids("x", 1, 40))),
				nothing, 19, 11, true, 70, 59, 40},
			{"emptied, then one back", deliver(ids("m", 1, 3)), replaced(9, {}),
				[](FakeMailbox& m) { m.add("INBOX", recent("m2")); }, 0, 3, false, 3, 1, 1},
		};
		for (const Case& c: cases)
		{
			FakeMailbox mailbox;
			FakeStore store;
			c.before(mailbox);
			FolderSyncOptions wide = options(10);
			wide.windowStart = NOW - Poco::Timespan(500, 0, 0, 0, 0);
			syncUntilDone(mailbox, store, wide);
			const std::size_t logged = store.activities.size();
			const int bodies = mailbox.bodiesFetched;

			c.reset(mailbox);
			FakeProcessor processor;
			FolderSyncReport report = FolderSync(mailbox, store, processor, options(10)).syncOnce(INBOX, FolderRole::Inbox);
			c.after(mailbox);
			syncUntilDone(mailbox, store, options(10));

			CPPUNIT_ASSERT_MESSAGE(c.name, report.reconciled);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, logged, report.ledgerRows);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, c.rekeyed, report.rekeyed);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, c.gone, report.ledgerGone);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, c.newFolder, report.looksLikeNewFolder);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, c.activities, store.activities.size());
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, c.ledger, store.liveLedgerRows(INBOX));
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, c.bodies, std::size_t(mailbox.bodiesFetched - bodies));
			const FolderCursor cursor = store.loadCursor(INBOX);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, mailbox.folders_["INBOX"].uidValidity, cursor.uidValidity);
			CPPUNIT_ASSERT_MESSAGE(c.name, cursor.backfillDone());
			// Gone rows keep what identifies them.
			for (auto& row: store.ledgerRows)
				CPPUNIT_ASSERT_MESSAGE(c.name, !row.second.id.messageId.empty() && row.second.id.size != 0);
		}
	}

	void testUidNextBackwards()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 5; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		syncUntilDone(mailbox, store, options(10));
		// The server lost its index: two messages gone, UIDs start over.
		mailbox.folders_["INBOX"].messages.erase(1);
		mailbox.folders_["INBOX"].messages.erase(2);
		mailbox.resetUidsKeepValidity("INBOX");
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), mailbox.folders_["INBOX"].uidNext);

		FakeProcessor processor;
		FolderSync sync(mailbox, store, processor, options(10));
		FolderSyncReport report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT(report.reconciled);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), report.rekeyed);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), store.liveLedgerRows(INBOX));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), store.loadCursor(INBOX).lastUid);
		mailbox.add("INBOX", recent("m6"));
		syncUntilDone(mailbox, store, options(10));
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), store.activities.size());
	}

	void testStarTrapIgnored()
	{
		FakeMailbox mailbox;
		FakeStore store;
		mailbox.add("INBOX", recent("a"));
		mailbox.add("INBOX", recent("b"));
		syncUntilDone(mailbox, store, options(10));
		mailbox.add("INBOX", recent("c"));
		mailbox.trapStar = true;
		syncUntilDone(mailbox, store, options(10));
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), store.activities.size());
		std::map<std::uint32_t, int> counts = commitCounts(store);
		CPPUNIT_ASSERT_EQUAL(1, counts[1]);
		CPPUNIT_ASSERT_EQUAL(1, counts[3]);
	}

	void testNilBodyRetried()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 5; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		mailbox.nilBodies.insert(3);
		FakeProcessor processor;
		FolderSync sync(mailbox, store, processor, options(10));
		FolderSyncReport report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT(report.retryLater);
		// Newest first, stopped right above the missing body.
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), store.loadCursor(INBOX).backfillFloor);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), store.activities.size());
		mailbox.nilBodies.clear();
		report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT(!report.retryLater);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), store.activities.size());
		CPPUNIT_ASSERT(store.loadCursor(INBOX).backfillDone());
	}

	void testNilBodyRecordedAfterRetries()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 3; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		syncUntilDone(mailbox, store, options(10));
		mailbox.add("INBOX", recent("m4"));
		mailbox.add("INBOX", recent("m5"));
		mailbox.nilBodies.insert(4);
		// Incremental: m4 keeps coming back NIL; after three passes it is
		// recorded as an error and m5 is not held back any longer.
		syncUntilDone(mailbox, store, options(10));
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(5), store.loadCursor(INBOX).lastUid);
		auto row = store.ledgerRows.find(FakeStore::LedgerKey("alice@example.test", "INBOX", 1000, 4));
		CPPUNIT_ASSERT(row != store.ledgerRows.end());
		CPPUNIT_ASSERT(row->second.outcome == Outcome::Error);
	}

	void testExpungedBeforeFetch()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 4; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		mailbox.vanishOnFetch.insert(2);
		syncUntilDone(mailbox, store, options(10));
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), store.liveLedgerRows(INBOX));
		CPPUNIT_ASSERT(store.loadCursor(INBOX).backfillDone());
	}

	void testVanishedMarksLedger()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 3; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		syncUntilDone(mailbox, store, options(10));
		mailbox.expunge("INBOX", 2);
		FakeProcessor processor;
		FolderSync sync(mailbox, store, processor, options(10));
		FolderSyncReport report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.expunged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), store.liveLedgerRows(INBOX));
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), store.activities.size()); // ATS records stay
	}

	void testBackfillInSlices()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 10; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
		FakeProcessor processor;
		FolderSync sync(mailbox, store, processor, options(2, 2));
		FolderSyncReport report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT(report.backfillPending);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), store.activities.size());
		// New mail in between is taken first, then the backfill goes on.
		mailbox.add("INBOX", recent("m11"));
		report = sync.syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(11), store.commits[2].front());
		syncUntilDone(mailbox, store, options(2, 2));
		CPPUNIT_ASSERT_EQUAL(std::size_t(11), store.activities.size());
		for (auto& count: commitCounts(store)) CPPUNIT_ASSERT_EQUAL(1, count.second);
	}

	void testUnknownCursorVersion()
	{
		FakeMailbox mailbox;
		FakeStore store;
		mailbox.add("INBOX", recent("a"));
		FolderCursor future;
		future.uidValidity = 1000;
		future.formatVersion = 99;
		store.cursors[INBOX] = future;
		FakeProcessor processor;
		FolderSync sync(mailbox, store, processor, options(10));
		CPPUNIT_ASSERT_THROW(sync.syncOnce(INBOX, FolderRole::Inbox), MailboxError);
		CPPUNIT_ASSERT_EQUAL(0, mailbox.bodiesFetched);
	}

	void testSameMessageInTwoFolders()
	{
		FakeMailbox mailbox;
		FakeStore store;
		mailbox.add("INBOX", recent("shared"));
		mailbox.add("Sent", recent("shared"));
		syncUntilDone(mailbox, store, options(10));
		syncUntilDone(mailbox, store, options(10), FolderKey{"alice@example.test", "Sent"}, FolderRole::Sent);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), store.liveLedgerRows(FolderKey{"alice@example.test", "Sent"}));
	}

	void testRefusedRecordDoesNotBlockFolder()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 1; i <= 3; ++i) mailbox.add("INBOX", recent("r" + std::to_string(i)));
		store.refuseUids = {2};
		syncUntilDone(mailbox, store, options(10));
		// UID 2 is recorded as an error (ledger row, no activity); 1 and 3 are logged.
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), store.activities.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), store.liveLedgerRows(INBOX));
		auto row = store.ledgerRows.find(FakeStore::LedgerKey(INBOX.mailbox, INBOX.folder, store.cursors[INBOX].uidValidity, 2));
		CPPUNIT_ASSERT(row != store.ledgerRows.end());
		CPPUNIT_ASSERT(row->second.outcome == Outcome::Error);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), store.cursors[INBOX].lastUid);
	}

	void testStopBetweenBatches()
	{
		// A stop (SIGTERM) during a long backfill: the batch under way
		// commits with its cursor, no other starts; a later pass resumes
		// there and writes every message once. Stop after N commits, N from
		// 0 (asked before the pass began) to the last batch but one.
		const std::size_t total = 40, batch = 3;
		for (const bool ahead: {false, true})
		{
			for (const std::size_t n: {std::size_t(0), std::size_t(1), std::size_t(4), std::size_t(13)})
			{
				const std::string at = std::string(ahead ? "fetching ahead, " : "") + "stopped after " + std::to_string(n) + " batches";
				FakeMailbox mailbox;
				FakeStore store;
				for (std::size_t i = 1; i <= total; ++i) mailbox.add("INBOX", recent("m" + std::to_string(i)));
				FolderSyncOptions o = options(batch);
				o.fetchAhead = ahead;
				o.shouldStop = [&store, n] { return store.commits.size() >= n; };
				FakeProcessor processor;
				FolderSyncReport report = FolderSync(mailbox, store, processor, o).syncOnce(INBOX, FolderRole::Inbox);
				CPPUNIT_ASSERT_MESSAGE(at, report.stopped);
				CPPUNIT_ASSERT_MESSAGE(at, report.backfillPending);
				CPPUNIT_ASSERT_EQUAL_MESSAGE(at, n, store.commits.size());
				CPPUNIT_ASSERT_EQUAL_MESSAGE(at, n * batch, store.activities.size());
				if (!ahead) CPPUNIT_ASSERT_EQUAL_MESSAGE(at, int(n * batch), mailbox.bodiesFetched);
				const FolderCursor cursor = store.loadCursor(INBOX);
				CPPUNIT_ASSERT_EQUAL_MESSAGE(at, std::uint32_t(total), cursor.lastUid);
				// Newest first: the floor is the lowest UID committed (0: none yet).
				CPPUNIT_ASSERT_EQUAL_MESSAGE(at, std::uint32_t(n == 0 ? 0 : total - n * batch + 1), cursor.backfillFloor);

				syncUntilDone(mailbox, store, options(batch));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(at, total, store.activities.size());
				CPPUNIT_ASSERT_EQUAL_MESSAGE(at, total, store.liveLedgerRows(INBOX));
				for (std::uint32_t uid = 1; uid <= total; ++uid)
					CPPUNIT_ASSERT_EQUAL_MESSAGE(at + ", uid " + std::to_string(uid), 1, commitCounts(store)[uid]);
				CPPUNIT_ASSERT_MESSAGE(at, store.loadCursor(INBOX).backfillDone());
			}
		}
	}

	void testStopDuringIncremental()
	{
		// New mail is taken oldest first: a stop leaves the cursor at the
		// last batch committed, and the next pass goes on above it.
		FakeMailbox mailbox;
		FakeStore store;
		mailbox.add("INBOX", recent("first"));
		syncUntilDone(mailbox, store, options(2));
		for (int i = 1; i <= 9; ++i) mailbox.add("INBOX", recent("new" + std::to_string(i)));
		FolderSyncOptions o = options(2);
		o.shouldStop = [&store] { return store.commits.size() >= 3; };
		FakeProcessor processor;
		FolderSyncReport report = FolderSync(mailbox, store, processor, o).syncOnce(INBOX, FolderRole::Inbox);
		CPPUNIT_ASSERT(report.stopped);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), report.batches);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(5), store.loadCursor(INBOX).lastUid);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), store.activities.size());
		syncUntilDone(mailbox, store, options(2));
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), store.activities.size());
		for (auto& count: commitCounts(store)) CPPUNIT_ASSERT_EQUAL(1, count.second);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(FolderSyncTest);
