//
// WorkerPoolLiveTest.cpp
//
// The daemon's loop on the real stack: a worker pool keeps alice's INBOX
// in sync, and a message delivered through LMTP while it waits in IDLE
// becomes an activity row within two seconds. Two mailboxes backfilled at
// once on the pool's threads, sharing some messages, both complete and log
// each message once.
//

#include "connector/service/InboundWorkers.h"
#include "connector/service/WorkerPool.h"
#include "mapping/store/OdbcConnection.h"
#include "tests/common/MailDrop.h"
#include "tests/common/TestEnv.h"
#include "tests/service/TestAtsBinding.h"

#include <Poco/Data/Session.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Random.h>
#include <Poco/Thread.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <iostream>
#include <memory>

using namespace mailbridge;
using mailbridge::test::TestEnv;

class WorkerPoolLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(WorkerPoolLiveTest);
	CPPUNIT_TEST(testDeliveryLoggedWithinTwoSeconds);
	CPPUNIT_TEST(testTwoMailboxesAtOnce);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_dbFile = Poco::Path::temp() + "mb-pool-" + std::to_string(Poco::Timestamp().epochMicroseconds()) + ".db";
		_odbc = "Driver=SQLite3;Database=" + _dbFile + ";";
		mapping::OdbcConnection db(_odbc);
		test::TestAtsBinding::createTables(db, MB_SHARE_DIR);
		db.session() << "INSERT INTO t_person (id, email) VALUES (7, 'dave@example.net')", Poco::Data::Keywords::now;
	}

	void tearDown() override
	{
		Poco::File(_dbFile).remove();
	}

	service::WorkerPool& startPool(const service::ServiceConfig& config, int threads)
		/// A worker per configured mailbox on the test's SQLite ATS, started;
		/// stopped at tearDown at the latest.
	{
		service::InboundParts parts;
		parts.ats = std::make_shared<test::TestAtsBinding>(_odbc);
		parts.parser = test::TestAtsBinding::parseHeaders;
		parts.status = &_status;
		std::vector<std::unique_ptr<service::MailboxWorker>> workers;
		for (const service::MailboxConfig& mailbox: config.mailboxes)
			workers.push_back(service::makeInboundWorker(config, mailbox, parts));
		_pool.reset(new service::WorkerPool(std::move(workers), threads, Poco::Timespan(1, 0)));
		_pool->start();
		return *_pool;
	}

	bool waitFor(const std::function<bool()>& done, Poco::Timespan limit)
	{
		Poco::Timestamp start;
		while (!done())
		{
			if (start.elapsed() > limit.totalMicroseconds()) return false;
			Poco::Thread::sleep(20);
		}
		return true;
	}

	void testDeliveryLoggedWithinTwoSeconds()
	{
		const TestEnv& env = TestEnv::instance();
		Poco::Environment::set("MB_POOL_ALICE_PW", env.get("MB_PASS1"));
		service::ServiceConfig config = service::ServiceConfig::parse(
			"[service]\nmapping = unused.xml\nwindow_days = 1\n"
			"[mailbox alice]\naddress = " + env.get("MB_USER1") + "\nhost = " + env.get("MB_IMAP_HOST") +
			"\nport = " + env.get("MB_IMAP_PORT") + "\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") +
			"\npassword_env = MB_POOL_ALICE_PW\n", "pool.conf", Poco::Path::temp());

		service::WorkerPool& pool = startPool(config, 1);
		CPPUNIT_ASSERT_MESSAGE(_status.last("alice").lastError,
			waitFor([&] { return _status.last("alice").state == "idle"; }, Poco::Timespan(60, 0)));
		Poco::Thread::sleep(300); // into IDLE

		const std::string id = "pool" + std::to_string(Poco::Timestamp().epochMicroseconds()) + "@pool.test";
		Poco::Timestamp sent;
		test::MailDrop::lmtp(env.get("MB_USER1"), "From: Dave <dave@example.net>\r\nTo: " + env.get("MB_USER1") +
			"\r\nSubject: available Monday\r\nMessage-ID: <" + id + ">\r\n\r\nI can start Monday.\r\n");
		const bool logged = waitFor([&] {
			return test::TestAtsBinding::countActivities(_odbc, "message_id = '" + id + "'") == 1;
		}, Poco::Timespan(10, 0));
		const double seconds = double(sent.elapsed()) / 1e6;
		pool.stop();
		std::cout << " [delivery to row: " << seconds << " s] ";
		CPPUNIT_ASSERT(logged);
		CPPUNIT_ASSERT_MESSAGE(std::to_string(seconds), seconds < 2.0);
		CPPUNIT_ASSERT_EQUAL(std::string("stopped"), _status.last("alice").state);
	}

	void testTwoMailboxesAtOnce()
	{
		// alice and bob each get 20 messages from Dave, and 5 more go to
		// both (one Message-ID, two copies). Small batches on two threads
		// interleave their commits in one database; the shared ones must
		// still be one activity each.
		const TestEnv& env = TestEnv::instance();
		const std::string tag = "pair" + std::to_string(Poco::Timestamp().epochMicroseconds());
		const std::string alice = env.get("MB_USER1"), bob = env.get("MB_USER2");
		auto message = [&](const std::string& to, const std::string& id) {
			return "From: Dave <dave@example.net>\r\nTo: " + to + "\r\nSubject: " + id + "\r\nMessage-ID: <" + id +
				"@pool.test>\r\n\r\nAbout the role.\r\n";
		};
		std::vector<std::string> ids;
		for (int i = 0; i < 20; ++i)
		{
			ids.push_back(tag + ".a" + std::to_string(i));
			test::MailDrop::lmtp(alice, message(alice, ids.back()));
			ids.push_back(tag + ".b" + std::to_string(i));
			test::MailDrop::lmtp(bob, message(bob, ids.back()));
		}
		for (int i = 0; i < 5; ++i)
		{
			ids.push_back(tag + ".both" + std::to_string(i));
			test::MailDrop::lmtp(alice, message(alice + ", " + bob, ids.back()));
			test::MailDrop::lmtp(bob, message(alice + ", " + bob, ids.back()));
		}

		Poco::Environment::set("MB_POOL_ALICE_PW", env.get("MB_PASS1"));
		Poco::Environment::set("MB_POOL_BOB_PW", env.get("MB_PASS2"));
		const std::string server = "\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE");
		service::ServiceConfig config = service::ServiceConfig::parse(
			"[service]\nmapping = unused.xml\nwindow_days = 1\nbatch_size = 3\nthreads = 2\n"
			"[mailbox alice]\naddress = " + alice + server + "\npassword_env = MB_POOL_ALICE_PW\n"
			"[mailbox bob]\naddress = " + bob + server + "\npassword_env = MB_POOL_BOB_PW\n", "pool.conf", Poco::Path::temp());

		service::WorkerPool& pool = startPool(config, config.threads);
		const std::string ours = "message_id LIKE '" + tag + ".%'";
		const bool done = waitFor([&] {
			return _status.last("alice").state == "idle" && _status.last("bob").state == "idle" &&
				test::TestAtsBinding::countActivities(_odbc, ours) >= int(ids.size());
		}, Poco::Timespan(90, 0));
		const std::string where = "alice: " + _status.last("alice").state + " " + _status.last("alice").lastError +
			"; bob: " + _status.last("bob").state + " " + _status.last("bob").lastError + "; activities: " +
			std::to_string(test::TestAtsBinding::countActivities(_odbc, ours)) + " of " + std::to_string(ids.size());
		pool.stop();
		CPPUNIT_ASSERT_MESSAGE(where, done);
		CPPUNIT_ASSERT_EQUAL(int(ids.size()), test::TestAtsBinding::countActivities(_odbc, ours));
		for (const std::string& id: ids)
			CPPUNIT_ASSERT_EQUAL_MESSAGE(id, 1, test::TestAtsBinding::countActivities(_odbc, "message_id = '" + id + "@pool.test'"));
		CPPUNIT_ASSERT_EQUAL(std::string("stopped"), _status.last("alice").state);
		CPPUNIT_ASSERT_EQUAL(std::string("stopped"), _status.last("bob").state);
	}

private:
	std::string _dbFile;
	std::string _odbc;
	test::StatusRecorder _status;
	std::unique_ptr<service::WorkerPool> _pool;  ///< after _status: it reports there until it stops
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkerPoolLiveTest);
