//
// WorkerPoolTest.cpp
//
// The pool's held IDLE against a fake IMAP server that counts commands:
// several mailboxes on one thread each send one IDLE and no DONE however long
// they wait; mail pushed to one wakes only that one; a garbled line or a BYE
// in IDLE is a transient failure of that mailbox alone; stop() is prompt.
//

#include "connector/service/ImapMailboxClient.h"
#include "connector/service/ServiceConfig.h"
#include "connector/service/WorkerPool.h"
#include "tests/imap/FakeImapServer.h"
#include "tests/service/WorkerTestSupport.h"

#include <Poco/Thread.h>
#include <Poco/Timestamp.h>

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <iostream>

using namespace mailbridge;
using namespace mailbridge::service;
using namespace mailbridge::test;

namespace {

const int MAILBOXES = 4;

std::string user(int i)
{
	return "u" + std::to_string(i);
}

std::string mail(const std::string& id)
{
	return "Message-ID: <" + id + ">\r\nTo: carol@example.net\r\n\r\nbody\r\n";
}

bool waitUntil(const std::function<bool()>& done, int ms)
{
	Poco::Timestamp start;
	while (!done())
	{
		if (start.isElapsed(Poco::Timespan::TimeDiff(ms) * 1000)) return false;
		Poco::Thread::sleep(5);
	}
	return true;
}

} // namespace

class WorkerPoolTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(WorkerPoolTest);
	CPPUNIT_TEST(testWaitingHoldsOneIdle);
	CPPUNIT_TEST(testPushedExistsWakesOnlyItsMailbox);
	CPPUNIT_TEST(testGarbledLineInIdleIsTransient);
	CPPUNIT_TEST(testByeInIdleIsTransient);
	CPPUNIT_TEST(testStopWhileIdlingIsPrompt);
	CPPUNIT_TEST(testSentWatchHoldsItsIdleToo);
	CPPUNIT_TEST(testIdleRenewedAfterMaxIdle);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_server.reset(new FakeImapServer);
	}

	void start(bool watchSent, Poco::Timespan maxIdle = Poco::Timespan(28 * 60, 0))
	{
		std::vector<std::unique_ptr<MailboxWorker>> workers;
		for (int i = 0; i < MAILBOXES; ++i)
		{
			_server->deliver(user(i), mail("old" + std::to_string(i) + "@example.test"));
			_stores.emplace_back(new FakeStore);
			MailboxConfig config;
			config.name = user(i);
			config.address = user(i) + "@example.test";
			config.host = "127.0.0.1";
			config.port = _server->port();
			config.tls = TlsMode::None;
			config.allowInsecure = true;
			config.user = user(i);
			config.secret.value = "pw";
			WorkerTimings timings;
			timings.poll = Poco::Timespan(600, 0);
			timings.retryFirst = Poco::Timespan(0, 100000);
			timings.retryMax = Poco::Timespan(0, 200000);
			FakeStore& store = *_stores.back();
			sync::FolderSyncOptions options;
			options.windowStart = Poco::Timestamp() - Poco::Timespan(30, 0, 0, 0, 0);
			MailboxWorker::ClientFactory connect = [config, maxIdle]() -> std::unique_ptr<sync::MailboxClient> {
				return ImapMailboxClient::connect(config, Poco::Timespan(600, 0), maxIdle);
			};
			workers.emplace_back(new MailboxWorker(user(i), config.address, connect,
				[&store]() { return std::unique_ptr<sync::SyncStore>(new StoreHandle(store)); },
				[](sync::SyncStore&) { return std::unique_ptr<sync::MessageProcessor>(new FakeProcessor); },
				sync::FolderSelection(), options, timings, _status, watchSent ? connect : MailboxWorker::ClientFactory()));
		}
		_pool.reset(new WorkerPool(std::move(workers), 1));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), _pool->threads());
		_pool->start();
		CPPUNIT_ASSERT(waitUntil([&] {
			for (int i = 0; i < MAILBOXES; ++i)
				if (_server->count(user(i), "IDLE") < (watchSent ? 2 : 1)) return false;
			return true;
		}, 5000));
	}

	void tearDown() override
	{
		if (_pool) _pool->stop();
		_pool.reset();
		_server.reset();
	}

	void testWaitingHoldsOneIdle()
	{
		start(false);
		Poco::Thread::sleep(3000);
		for (int i = 0; i < MAILBOXES; ++i)
		{
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "IDLE"));
			CPPUNIT_ASSERT_EQUAL(0, _server->count(user(i), "DONE"));
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "UID FETCH"));
		}
	}

	void testPushedExistsWakesOnlyItsMailbox()
	{
		start(false);
		Poco::Thread::sleep(300);
		const Poco::Timestamp pushed;
		_server->deliver(user(2), mail("new@example.test"));
		CPPUNIT_ASSERT(waitUntil([&] { return _server->count(user(2), "IDLE") == 2; }, 2000));
		const double seconds = double(pushed.elapsed()) / 1e6;
		std::cout << " [EXISTS to IDLE again: " << seconds << " s] ";
		CPPUNIT_ASSERT(seconds < 1.0);
		CPPUNIT_ASSERT_EQUAL(1, _server->count(user(2), "DONE"));
		CPPUNIT_ASSERT_EQUAL(2, _server->count(user(2), "UID FETCH"));
		for (int i: {0, 1, 3})
		{
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "IDLE"));
			CPPUNIT_ASSERT_EQUAL(0, _server->count(user(i), "DONE"));
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "UID FETCH"));
		}
		_pool->stop();
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), _stores[2]->activities.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), _stores[0]->activities.size());
	}

	void testGarbledLineInIdleIsTransient()
	{
		start(false);
		failsAndComesBack(std::string("* 3 EXI\0STS\r\n", 13), "NUL");
	}

	void testByeInIdleIsTransient()
	{
		start(false);
		failsAndComesBack("* BYE going down\r\n", "going down");
	}

	void testStopWhileIdlingIsPrompt()
	{
		start(false);
		Poco::Thread::sleep(300);
		const Poco::Timestamp start;
		_pool->stop();
		const double seconds = double(start.elapsed()) / 1e6;
		std::cout << " [stop: " << seconds << " s] ";
		CPPUNIT_ASSERT(seconds < 1.0);
		for (int i = 0; i < MAILBOXES; ++i)
		{
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "DONE"));
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "LOGOUT"));
		}
	}

	void testSentWatchHoldsItsIdleToo()
	{
		// Two connections a mailbox, INBOX and Sent, each in IDLE once.
		start(true);
		Poco::Thread::sleep(2000);
		for (int i = 0; i < MAILBOXES; ++i)
		{
			CPPUNIT_ASSERT_EQUAL(2, _server->connections(user(i)));
			CPPUNIT_ASSERT_EQUAL(2, _server->count(user(i), "IDLE"));
			CPPUNIT_ASSERT_EQUAL(0, _server->count(user(i), "DONE"));
		}
		// Sent mail wakes the mailbox; the watch stays in IDLE through the
		// pass, only INBOX's IDLE is ended and begun again.
		const Poco::Timestamp pushed;
		_server->deliver(user(1), mail("sent@example.test"), "Sent");
		CPPUNIT_ASSERT(waitUntil([&] { return _server->count(user(1), "IDLE") == 3; }, 2000));
		std::cout << " [Sent EXISTS to IDLE again: " << double(pushed.elapsed()) / 1e6 << " s] ";
		CPPUNIT_ASSERT_EQUAL(1, _server->count(user(1), "DONE"));
		CPPUNIT_ASSERT_EQUAL(2, _server->count(user(1), "UID FETCH"));
		for (int i: {0, 2, 3})
		{
			CPPUNIT_ASSERT_EQUAL(2, _server->count(user(i), "IDLE"));
			CPPUNIT_ASSERT_EQUAL(0, _server->count(user(i), "DONE"));
		}
		_pool->stop();
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), _stores[1]->activities.size());
	}

	void testIdleRenewedAfterMaxIdle()
	{
		// idle_minutes shrunk to 400 ms: each held IDLE is ended and begun
		// again on time, without a sync pass, though no socket is readable.
		start(false, Poco::Timespan(0, 400000));
		Poco::Thread::sleep(1500);
		for (int i = 0; i < MAILBOXES; ++i)
		{
			const int idles = _server->count(user(i), "IDLE");
			CPPUNIT_ASSERT(idles >= 3 && idles <= 6);
			CPPUNIT_ASSERT(_server->count(user(i), "DONE") >= idles - 1);
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "UID FETCH"));
			CPPUNIT_ASSERT_EQUAL(1, _server->connections(user(i)));
		}
	}

private:
	void dump()
	{
		for (const MailboxState& s: _status.states(user(1))) std::cout << "\n  " << s.state << ": " << s.lastError;
	}

	void failsAndComesBack(const std::string& line, const std::string& reason)
	{
		_server->push(user(1), line);
		// A transient failure: backoff with the reason, then a new connection
		// that syncs and holds IDLE again.
		CPPUNIT_ASSERT(waitUntil([&] {
			for (const MailboxState& s: _status.states(user(1)))
				if (s.state == "backoff" && s.lastError.find(reason) != std::string::npos) return true;
			return false;
		}, 2000) || (dump(), false));
		CPPUNIT_ASSERT(waitUntil([&] { return _server->connections(user(1)) == 2 && _server->count(user(1), "IDLE") == 2; }, 3000));
		for (int i: {0, 2, 3})
		{
			CPPUNIT_ASSERT_EQUAL(1, _server->connections(user(i)));
			CPPUNIT_ASSERT_EQUAL(1, _server->count(user(i), "IDLE"));
			CPPUNIT_ASSERT_EQUAL(0, _server->count(user(i), "DONE"));
		}
		// The others still wake.
		_server->deliver(user(3), mail("after@example.test"));
		CPPUNIT_ASSERT(waitUntil([&] { return _server->count(user(3), "IDLE") == 2; }, 2000));
	}

	std::unique_ptr<FakeImapServer> _server;
	std::vector<std::unique_ptr<FakeStore>> _stores;
	Recorder _status;
	std::unique_ptr<WorkerPool> _pool;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkerPoolTest);
