// MailboxWorker over the fakes: transient failures are retried with backoff,
// a refused mailbox is parked (no hot loop), and stop() ends the loop.

#include "connector/common/Errors.h"
#include "connector/service/MailboxWorker.h"
#include "connector/service/WorkerPool.h"
#include "tests/service/WorkerTestSupport.h"
#include "tests/sync/FakeMailbox.h"
#include "tests/sync/FakeStore.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Mutex.h>
#include <Poco/Thread.h>

#include <algorithm>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <vector>

using namespace mailbridge;
using namespace mailbridge::service;
using namespace mailbridge::test;

namespace {

WorkerTimings fast()
{
	WorkerTimings t;
	t.poll = Poco::Timespan(0, 200000);
	t.tick = Poco::Timespan(0, 50000);
	t.retryFirst = Poco::Timespan(0, 10000);
	t.retryMax = Poco::Timespan(0, 40000);
	t.parked = Poco::Timespan(30, 0);
	return t;
}

sync::FolderSyncOptions window()
{
	sync::FolderSyncOptions o;
	o.windowStart = Poco::Timestamp() - Poco::Timespan(30, 0, 0, 0, 0);
	return o;
}

class Lines: public Poco::Channel
	/// What a mailbox's logger wrote, with its priority.
{
public:
	void log(const Poco::Message& msg) override { lines.emplace_back(msg.getPriority(), msg.getText()); }
	std::vector<std::pair<Poco::Message::Priority, std::string>> lines;
};

} // namespace

class MailboxWorkerTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MailboxWorkerTest);
	CPPUNIT_TEST(testTransientFailuresRetried);
	CPPUNIT_TEST(testRefusedMailboxIsParked);
	CPPUNIT_TEST(testRunOnce);
	CPPUNIT_TEST(testUidValidityChangeLogged);
	CPPUNIT_TEST(testManyMailboxesFewThreads);
	CPPUNIT_TEST(testWorkersAddedAndRemovedWhileRunning);
	CPPUNIT_TEST(testSentMailBeforeTheWatchIsNotLeftForThePoll);
	CPPUNIT_TEST_SUITE_END();

public:
	void testTransientFailuresRetried()
	{
		FakeMailbox mailbox;
		FakeStore store;
		mailbox.add("INBOX", FakeMessage{"m1", "carol@example.net", Poco::Timestamp()});
		Recorder status;
		int attempts = 0;
		MailboxWorker worker("alice", "alice@example.test",
			[&]() -> std::unique_ptr<sync::MailboxClient> {
				if (++attempts <= 3) throw TransientError("connection refused");
				return std::unique_ptr<sync::MailboxClient>(new Handle(mailbox));
			},
			[&]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(store)); },
			[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
			sync::FolderSelection(), window(), fast(), status);
		Poco::Thread thread;
		thread.start(worker);
		// Wait through the status sink (thread-safe), not the store.
		auto idleSeen = [&]() {
			for (const MailboxState& s: status.states())
				if (s.state == "idle") return true;
			return false;
		};
		for (int i = 0; i < 300 && !idleSeen(); ++i) Poco::Thread::sleep(10);
		worker.stop();
		thread.join();
		CPPUNIT_ASSERT_EQUAL(4, attempts);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), store.activities.size());
		std::vector<MailboxState> states = status.states();
		int backoffs = 0;
		bool idle = false;
		for (const MailboxState& s: states)
		{
			if (s.state == "backoff")
			{
				++backoffs;
				CPPUNIT_ASSERT(s.lastError.find("connection refused") != std::string::npos);
			}
			idle = idle || s.state == "idle";
		}
		CPPUNIT_ASSERT_EQUAL(3, backoffs);
		CPPUNIT_ASSERT(idle);
		CPPUNIT_ASSERT_EQUAL(std::string("stopped"), states.back().state);
	}

	void testRefusedMailboxIsParked()
	{
		FakeStore store;
		Recorder status;
		int attempts = 0;
		MailboxWorker worker("alice", "alice@example.test",
			[&]() -> std::unique_ptr<sync::MailboxClient> {
				++attempts;
				throw MailboxError("login refused", "a1 NO [AUTHENTICATIONFAILED] Authentication failed.");
			},
			[&]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(store)); },
			[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
			sync::FolderSelection(), window(), fast(), status);
		Poco::Thread thread;
		thread.start(worker);
		Poco::Thread::sleep(300);
		worker.stop();
		thread.join();
		CPPUNIT_ASSERT_EQUAL(1, attempts); // parked for 30 s, not retried hot
		std::vector<MailboxState> states = status.states();
		bool stoppedWithReason = false;
		for (const MailboxState& s: states)
			stoppedWithReason = stoppedWithReason || (s.state == "stopped" && s.lastError.find("AUTHENTICATIONFAILED") != std::string::npos);
		CPPUNIT_ASSERT(stoppedWithReason);
	}

	void testRunOnce()
	{
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 0; i < 7; ++i) mailbox.add("INBOX", FakeMessage{"m" + std::to_string(i), "carol@example.net", Poco::Timestamp()});
		Recorder status;
		sync::FolderSyncOptions options = window();
		options.batchMessages = 2;
		options.maxBackfillBatches = 1;
		MailboxWorker worker("alice", "alice@example.test",
			[&]() { return std::unique_ptr<sync::MailboxClient>(new Handle(mailbox)); },
			[&]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(store)); },
			[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
			sync::FolderSelection(), options, fast(), status);
		sync::MailboxReport report = worker.runOnce();
		CPPUNIT_ASSERT_EQUAL(std::size_t(7), report.logged);
		CPPUNIT_ASSERT(!report.pending);
		CPPUNIT_ASSERT_EQUAL(std::size_t(7), store.activities.size());
	}

	void testUidValidityChangeLogged()
	{
		// Renumbered: information. Another folder under the name: a warning
		// that says so, and still nothing logged twice.
		FakeMailbox mailbox;
		FakeStore store;
		for (int i = 0; i < 3; ++i) mailbox.add("INBOX", FakeMessage{"m" + std::to_string(i), "carol@example.net", Poco::Timestamp()});
		Recorder status;
		MailboxWorker worker("uidvalidity", "alice@example.test",
			[&]() { return std::unique_ptr<sync::MailboxClient>(new Handle(mailbox)); },
			[&]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(store)); },
			[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
			sync::FolderSelection(), window(), fast(), status);
		Poco::AutoPtr<Lines> log(new Lines);
		Poco::Logger& logger = Poco::Logger::get("mailbridge.mailbox.uidvalidity");
		logger.setChannel(log);
		logger.setLevel(Poco::Message::PRIO_INFORMATION);
		worker.runOnce();
		CPPUNIT_ASSERT(log->lines.empty());

		mailbox.renumber("INBOX", 7777);
		worker.runOnce();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), log->lines.size());
		CPPUNIT_ASSERT_EQUAL(Poco::Message::PRIO_INFORMATION, log->lines[0].first);
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX: UIDVALIDITY changed from 1000 to 7777; 3 of 3 ledger rows matched "
			"(Message-ID, date and size) and re-keyed, 0 no longer there"), log->lines[0].second);

		mailbox.folders_["INBOX"] = FakeFolder();
		mailbox.folders_["INBOX"].uidValidity = 8;
		mailbox.add("INBOX", FakeMessage{"x1", "carol@example.net", Poco::Timestamp()});
		mailbox.add("INBOX", FakeMessage{"m2", "carol@example.net", Poco::Timestamp()});
		worker.runOnce();
		logger.setChannel(nullptr);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), log->lines.size());
		CPPUNIT_ASSERT_EQUAL(Poco::Message::PRIO_WARNING, log->lines[1].first);
		const std::string& warning = log->lines[1].second;
		CPPUNIT_ASSERT_MESSAGE(warning, warning.find("INBOX: UIDVALIDITY changed from 7777 to 8, and only 1 of 3 ledger rows match") == 0);
		CPPUNIT_ASSERT_MESSAGE(warning, warning.find("it looks like another folder") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(warning, warning.find("2 ledger rows marked gone") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), store.activities.size());
	}

	void testManyMailboxesFewThreads()
	{
		const int count = 5;
		std::vector<std::unique_ptr<FakeMailbox>> mailboxes;
		std::vector<std::unique_ptr<FakeStore>> stores;
		Recorder status;
		std::vector<std::unique_ptr<MailboxWorker>> workers;
		for (int i = 0; i < count; ++i)
		{
			mailboxes.emplace_back(new FakeMailbox);
			stores.emplace_back(new FakeStore);
			for (int j = 0; j <= i; ++j)
				mailboxes.back()->add("INBOX", FakeMessage{"m" + std::to_string(j), "carol@example.net", Poco::Timestamp()});
			FakeMailbox& m = *mailboxes.back();
			FakeStore& s = *stores.back();
			workers.emplace_back(new MailboxWorker("box" + std::to_string(i), "box" + std::to_string(i) + "@example.test",
				[&m]() { return std::unique_ptr<sync::MailboxClient>(new Handle(m)); },
				[&s]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(s)); },
				[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
				sync::FolderSelection(), window(), fast(), status));
		}
		WorkerPool pool(std::move(workers), 2, Poco::Timespan(0, 50000));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), pool.threads());
		pool.start();
		auto idleCount = [&]() {
			int idle = 0;
			for (const MailboxState& s: status.states()) idle += s.state == "idle";
			return idle;
		};
		for (int i = 0; i < 300 && idleCount() < count; ++i) Poco::Thread::sleep(10);
		pool.stop();
		for (int i = 0; i < count; ++i)
			CPPUNIT_ASSERT_EQUAL(std::size_t(i + 1), stores[i]->activities.size());
	}

	void testWorkersAddedAndRemovedWhileRunning()
	{
		FakeMailbox first, second;
		FakeStore firstStore, secondStore;
		first.add("INBOX", FakeMessage{"a1", "carol@example.net", Poco::Timestamp()});
		second.add("INBOX", FakeMessage{"b1", "carol@example.net", Poco::Timestamp()});
		second.add("INBOX", FakeMessage{"b2", "carol@example.net", Poco::Timestamp()});
		Recorder status;
		auto worker = [&](const std::string& name, FakeMailbox& m, FakeStore& s) {
			return std::unique_ptr<MailboxWorker>(new MailboxWorker(name, name + "@example.test",
				[&m]() { return std::unique_ptr<sync::MailboxClient>(new Handle(m)); },
				[&s]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(s)); },
				[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
				sync::FolderSelection(), window(), fast(), status));
		};
		// No mailbox yet: the pool still has its threads, waiting for some.
		WorkerPool pool({}, 2, Poco::Timespan(0, 50000), true);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), pool.threads());
		pool.start();
		pool.add(worker("first", first, firstStore));
		pool.add(worker("second", second, secondStore));
		auto count = [&](const std::string& state) {
			int n = 0;
			for (const MailboxState& s: status.states()) n += s.state == state;
			return n;
		};
		for (int i = 0; i < 300 && count("idle") < 2; ++i) Poco::Thread::sleep(10);
		CPPUNIT_ASSERT(count("idle") >= 2);
		std::vector<std::string> running = pool.addresses();
		std::sort(running.begin(), running.end());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), running.size());
		CPPUNIT_ASSERT_EQUAL(std::string("first@example.test"), running[0]);

		CPPUNIT_ASSERT(pool.remove("first@example.test"));
		CPPUNIT_ASSERT(!pool.remove("nobody@example.test"));
		for (int i = 0; i < 300 && count("stopped") < 1; ++i) Poco::Thread::sleep(10);
		CPPUNIT_ASSERT_EQUAL(1, count("stopped"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), pool.addresses().size());
		CPPUNIT_ASSERT_EQUAL(std::string("second@example.test"), pool.addresses()[0]);
		// The one left keeps syncing.
		second.add("INBOX", FakeMessage{"b3", "carol@example.net", Poco::Timestamp()});
		pool.requestRescan({"carol@example.net"});
		pool.stop();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), firstStore.activities.size());
		CPPUNIT_ASSERT(secondStore.activities.size() >= 2);
		CPPUNIT_ASSERT_EQUAL(2, count("stopped"));
	}

	void testSentMailBeforeTheWatchIsNotLeftForThePoll()
	{
		// Polled every 10 minutes, Sent watched on a second connection. A
		// message filed in Sent after the first pass and before the watch's
		// EXAMINE is announced by no IDLE: the watch's UIDNEXT shows it.
		FakeMailbox mailbox;
		FakeStore store;
		mailbox.add("INBOX", FakeMessage{"i1", "carol@example.net", Poco::Timestamp()});
		mailbox.add("Sent", FakeMessage{"s1", "carol@example.net", Poco::Timestamp()});
		Recorder status;
		WorkerTimings timings = fast();
		timings.poll = Poco::Timespan(600, 0);
		int watches = 0;
		MailboxWorker worker("alice", "alice@example.test",
			[&]() { return std::unique_ptr<sync::MailboxClient>(new Handle(mailbox)); },
			[&]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(store)); },
			[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
			sync::FolderSelection(), window(), timings, status,
			[&]() {
				if (++watches == 1) mailbox.add("Sent", FakeMessage{"s2", "dave@example.net", Poco::Timestamp()});
				return std::unique_ptr<sync::MailboxClient>(new Handle(mailbox));
			});
		worker.step(); // connect
		worker.step(); // first pass
		CPPUNIT_ASSERT_EQUAL(std::string("idle"), status.states().back().state);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), store.activities.size());
		worker.step(); // waiting: the watch opens, and s2 is there
		CPPUNIT_ASSERT_EQUAL(1, watches);
		CPPUNIT_ASSERT(!worker.waiting());
		worker.step(); // the pass it asked for
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), store.activities.size());
		worker.step(); // waiting again: the watch is held, no new connection
		CPPUNIT_ASSERT(worker.waiting());
		CPPUNIT_ASSERT_EQUAL(1, watches);
		worker.shutdown();
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailboxWorkerTest);
