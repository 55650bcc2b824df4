//
// SentWatcherTest.cpp
//
// The Sent watch's failure handling over a fake server: a failure drops the
// connection and is not retried before the backoff has passed; the watch
// coming back is reported as a change, since mail may have come in unseen.
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

		CPPUNIT_ASSERT(!watcher.wait("Sent", 0));
		CPPUNIT_ASSERT_EQUAL(1, connects);
		CPPUNIT_ASSERT(!watcher.watching());
		// Within the backoff: no new connection.
		CPPUNIT_ASSERT(!watcher.wait("Sent", 0));
		CPPUNIT_ASSERT_EQUAL(1, connects);

		down = false;
		Poco::Thread::sleep(250);
		CPPUNIT_ASSERT(watcher.wait("Sent", 0)); // back: the caller syncs once
		CPPUNIT_ASSERT_EQUAL(2, connects);
		CPPUNIT_ASSERT(watcher.watching());
		CPPUNIT_ASSERT(!watcher.wait("Sent", 0)); // the fake server never changes
		CPPUNIT_ASSERT_EQUAL(2, connects);

		watcher.close();
		CPPUNIT_ASSERT(!watcher.watching());
		CPPUNIT_ASSERT(!watcher.wait("Sent", 0)); // a fresh start is not a failure
		CPPUNIT_ASSERT_EQUAL(3, connects);
	}

	void testMissingFolderDropsTheConnection()
	{
		int connects = 0;
		SentWatcher watcher([&]() -> std::unique_ptr<sync::MailboxClient> {
			++connects;
			return std::unique_ptr<sync::MailboxClient>(new FakeMailbox);
		}, Poco::Timespan(10, 0), Poco::Timespan(10, 0), service::mailboxLogger("sentwatch"));
		CPPUNIT_ASSERT(!watcher.wait("Sent", 0));
		CPPUNIT_ASSERT(!watcher.watching());
		CPPUNIT_ASSERT(!watcher.wait("Sent", 0));
		CPPUNIT_ASSERT_EQUAL(1, connects);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SentWatcherTest);
