#include "mapping/store/OdbcConnection.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mapping::OdbcConnection;

class OdbcConnectionTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OdbcConnectionTest);
	CPPUNIT_TEST(testPostgreSQLWithoutSavepoints);
	CPPUNIT_TEST(testOthersUntouched);
	CPPUNIT_TEST_SUITE_END();

public:
	void testPostgreSQLWithoutSavepoints()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Driver={PostgreSQL Unicode};Server=db;Protocol=7.4-1;"),
			OdbcConnection::tuned("Driver={PostgreSQL Unicode};Server=db"));
		CPPUNIT_ASSERT_EQUAL(std::string("DRIVER={postgresql ansi};Server=db;Protocol=7.4-1;"),
			OdbcConnection::tuned("DRIVER={postgresql ansi};Server=db;"));
		// The DBA's choice stays.
		CPPUNIT_ASSERT_EQUAL(std::string("Driver={PostgreSQL Unicode};Protocol=7.4-2;"),
			OdbcConnection::tuned("Driver={PostgreSQL Unicode};Protocol=7.4-2;"));
	}

	void testOthersUntouched()
	{
		for (const std::string s: {"Driver={MariaDB Unicode};Server=db;", "Driver=SQLite3;Database=/tmp/x.db;", "DSN=ats;UID=mb;"})
			CPPUNIT_ASSERT_EQUAL(s, OdbcConnection::tuned(s));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(OdbcConnectionTest);
