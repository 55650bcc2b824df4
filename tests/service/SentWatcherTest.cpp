//
// SentWatcherTest.cpp
//
// The Sent watch over a fake server: a failure drops the connection and is
// not retried before the backoff has passed; the watch coming back is
// reported as a change, since mail may have come in unseen; so is mail
// appended between the sync pass and the watch's EXAMINE.
//

#include "connector/common/Errors.h"
#include "connector/service/Logging.h"
#include "connector/service/SentWatcher.h"
#include "tests/sync/FakeMailbox.h"

#include <Poco/Thread.h>

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using mailbridge::service::SentWatcher;
using mailbridge::test::FakeMailbox;

class SentWatcherTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SentWatcherTest);
	CPPUNIT_TEST(testFailureBacksOffAndComesBack);
	CPPUNIT_TEST(testMailAppendedBeforeTheWatchOpens);
	CPPUNIT_TEST(testMissingFolderDropsTheConnection);
	CPPUNIT_TEST_SUITE_END();

public:
	void testFailureBacksOffAndComesBack()
	{
		int connects = 0;
		bool down = true;
		SentWatcher watcher([&]() -> std::unique_ptr<sync::MailboxClient> {
			++connects;
			if (down) throw TransientError("connection refused");
			std::unique_ptr<FakeMailbox> server(new FakeMailbox);
			server->folders_["Sent"];
			return std::unique_ptr<sync::MailboxClient>(server.release());
		}, Poco::Timespan(0, 200000), Poco::Timespan(0, 200000), service::mailboxLogger("sentwatch"));

		CPPUNIT_ASSERT(!watcher.begin("Sent", 0, 0));
		CPPUNIT_ASSERT_EQUAL(1, connects);
		CPPUNIT_ASSERT(!watcher.watching());
		CPPUNIT_ASSERT(watcher.untilRetry() > 0);
		// Within the backoff: no new connection.
		CPPUNIT_ASSERT(!watcher.begin("Sent", 0, 0));
		CPPUNIT_ASSERT_EQUAL(1, connects);

		down = false;
		Poco::Thread::sleep(250);
		CPPUNIT_ASSERT(watcher.untilRetry() == 0);
		CPPUNIT_ASSERT(watcher.begin("Sent", 0, 0)); // back: the caller syncs once
		CPPUNIT_ASSERT_EQUAL(2, connects);
		CPPUNIT_ASSERT(watcher.watching());
		CPPUNIT_ASSERT(!watcher.check(0)); // the fake server never changes
		CPPUNIT_ASSERT(!watcher.begin("Sent", 0, 0)); // already held: no new IDLE
		CPPUNIT_ASSERT_EQUAL(2, connects);

		watcher.close();
		CPPUNIT_ASSERT(!watcher.watching());
		CPPUNIT_ASSERT(!watcher.begin("Sent", 0, 0)); // a fresh start is not a failure
		CPPUNIT_ASSERT_EQUAL(3, connects);
	}

	void testMailAppendedBeforeTheWatchOpens()
	{
		// The pass saw Sent up to UID 2; UID 3 came before the watch's EXAMINE.
		FakeMailbox* server = nullptr;
		auto connect = [&]() -> std::unique_ptr<sync::MailboxClient> {
			std::unique_ptr<FakeMailbox> fake(new FakeMailbox);
			for (int i = 0; i < 3; ++i) fake->add("Sent", test::FakeMessage{"s" + std::to_string(i), "carol@example.net", Poco::Timestamp()});
			server = fake.get();
			return std::unique_ptr<sync::MailboxClient>(fake.release());
		};
		SentWatcher behind(connect, Poco::Timespan(1, 0), Poco::Timespan(1, 0), service::mailboxLogger("sentwatch"));
		CPPUNIT_ASSERT(behind.begin("Sent", 1000, 2));
		CPPUNIT_ASSERT_EQUAL(std::string("Sent"), server->current);
		CPPUNIT_ASSERT(!behind.begin("Sent", 1000, 2)); // held since: IDLE reports what comes next

		SentWatcher upToDate(connect, Poco::Timespan(1, 0), Poco::Timespan(1, 0), service::mailboxLogger("sentwatch"));
		CPPUNIT_ASSERT(!upToDate.begin("Sent", 1000, 3));
		SentWatcher reset(connect, Poco::Timespan(1, 0), Poco::Timespan(1, 0), service::mailboxLogger("sentwatch"));
		CPPUNIT_ASSERT(reset.begin("Sent", 999, 3)); // UIDVALIDITY changed under the pass
		SentWatcher unsynced(connect, Poco::Timespan(1, 0), Poco::Timespan(1, 0), service::mailboxLogger("sentwatch"));
		CPPUNIT_ASSERT(!unsynced.begin("Sent", 0, 0)); // the pass has not got there yet
	}

	void testMissingFolderDropsTheConnection()
	{
		int connects = 0;
		SentWatcher watcher([&]() -> std::unique_ptr<sync::MailboxClient> {
			++connects;
			return std::unique_ptr<sync::MailboxClient>(new FakeMailbox);
		}, Poco::Timespan(10, 0), Poco::Timespan(10, 0), service::mailboxLogger("sentwatch"));
		CPPUNIT_ASSERT(!watcher.begin("Sent", 0, 0));
		CPPUNIT_ASSERT(!watcher.watching());
		CPPUNIT_ASSERT(!watcher.begin("Sent", 0, 0));
		CPPUNIT_ASSERT_EQUAL(1, connects);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SentWatcherTest);
