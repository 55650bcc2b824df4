//
// WorkerPoolLiveTest.cpp
//
// The daemon's loop on the real stack: a worker pool keeps alice's INBOX
// in sync, and a message delivered through LMTP while it waits in IDLE
// becomes an activity row within two seconds.
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

using namespace mailbridge;
using mailbridge::test::TestEnv;

class WorkerPoolLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(WorkerPoolLiveTest);
	CPPUNIT_TEST(testDeliveryLoggedWithinTwoSeconds);
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

		test::StatusRecorder status;
		service::InboundParts parts;
		parts.ats = std::make_shared<test::TestAtsBinding>(_odbc);
		parts.parser = test::TestAtsBinding::parseHeaders;
		parts.status = &status;
		std::vector<std::unique_ptr<service::MailboxWorker>> workers;
		workers.push_back(service::makeInboundWorker(config, config.mailboxes.front(), parts));
		service::WorkerPool pool(std::move(workers), 1, Poco::Timespan(1, 0));
		pool.start();
		CPPUNIT_ASSERT_MESSAGE(status.last("alice").lastError,
			waitFor([&] { return status.last("alice").state == "idle"; }, Poco::Timespan(60, 0)));
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
		CPPUNIT_ASSERT_EQUAL(std::string("stopped"), status.last("alice").state);
	}

private:
	std::string _dbFile;
	std::string _odbc;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkerPoolLiveTest);
