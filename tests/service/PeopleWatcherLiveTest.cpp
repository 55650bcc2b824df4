//
// PeopleWatcherLiveTest.cpp
//
// The people tables polled on SQLite: a person added while mailbridge runs
// is handed on once, from the polling thread as well as from pollOnce.
//

#include "connector/service/PeopleWatcher.h"
#include "mapping/store/OdbcConnection.h"
#include "tests/service/TestAtsBinding.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Mutex.h>
#include <Poco/Path.h>
#include <Poco/Thread.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;

class PeopleWatcherLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PeopleWatcherLiveTest);
	CPPUNIT_TEST(testNewPersonNotifiedOnce);
	CPPUNIT_TEST(testPollingThread);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_dbFile = Poco::Path::temp() + "mb-people-" + std::to_string(Poco::Timestamp().epochMicroseconds()) + ".db";
		_odbc = "Driver=SQLite3;Database=" + _dbFile + ";";
		mapping::OdbcConnection db(_odbc);
		test::TestAtsBinding::createTables(db, MB_SHARE_DIR);
		insert(1, "Ann@Example.net");
	}

	void tearDown() override
	{
		Poco::File(_dbFile).remove();
	}

	void insert(int id, const std::string& email)
	{
		mapping::OdbcConnection db(_odbc);
		db.session() << "INSERT INTO t_person (id, email) VALUES (" + std::to_string(id) + ", '" + email + "')", Poco::Data::Keywords::now;
	}

	void testNewPersonNotifiedOnce()
	{
		std::vector<std::string> got;
		service::PeopleWatcher watcher(std::make_shared<test::TestAtsBinding>(_odbc), Poco::Timespan(60, 0),
			[&](const std::vector<std::string>& added) { got.insert(got.end(), added.begin(), added.end()); });
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), watcher.pollOnce()); // the baseline
		insert(2, "Ben@Example.net");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), watcher.pollOnce());
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), watcher.pollOnce());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), got.size());
		CPPUNIT_ASSERT_EQUAL(std::string("ben@example.net"), got[0]);
	}

	void testPollingThread()
	{
		Poco::FastMutex mutex;
		std::vector<std::string> got;
		service::PeopleWatcher watcher(std::make_shared<test::TestAtsBinding>(_odbc), Poco::Timespan(0, 100000),
			[&](const std::vector<std::string>& added) {
				Poco::FastMutex::ScopedLock lock(mutex);
				got.insert(got.end(), added.begin(), added.end());
			});
		watcher.start();
		Poco::Thread::sleep(300);
		insert(3, "cy@example.net");
		Poco::Timestamp start;
		bool seen = false;
		while (!seen && start.elapsed() < 5000000)
		{
			Poco::Thread::sleep(50);
			Poco::FastMutex::ScopedLock lock(mutex);
			seen = !got.empty();
		}
		watcher.stop();
		CPPUNIT_ASSERT(seen);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), got.size());
		CPPUNIT_ASSERT_EQUAL(std::string("cy@example.net"), got[0]);
	}

private:
	std::string _dbFile;
	std::string _odbc;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PeopleWatcherLiveTest);
