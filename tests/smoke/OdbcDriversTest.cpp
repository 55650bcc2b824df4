// The database half of the stack: a non-ASCII row round-trips through each
// ODBC driver (PostgreSQL, MariaDB, SQLite) with Poco::Data::ODBC.

#include "tests/common/TestEnv.h"

#include <Poco/Data/ODBC/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::test::TestEnv;
using namespace Poco::Data::Keywords;

class OdbcDriversTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OdbcDriversTest);
	CPPUNIT_TEST(testPostgreSQL);
	CPPUNIT_TEST(testMariaDB);
	CPPUNIT_TEST(testSQLite);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		Poco::Data::ODBC::Connector::registerConnector();
	}

	void testPostgreSQL() { roundTrip(TestEnv::instance().get("MB_PG_ODBC"), "VARCHAR(200)"); }
	void testMariaDB() { roundTrip(TestEnv::instance().get("MB_MARIADB_ODBC"), "VARCHAR(200) CHARACTER SET utf8mb4"); }
	void testSQLite() { roundTrip(TestEnv::instance().get("MB_SQLITE_ODBC"), "TEXT"); }

private:
	static void roundTrip(const std::string& connection, const std::string& textType)
	{
		Poco::Data::Session session("ODBC", connection);
		session << "DROP TABLE IF EXISTS mb_smoke", now;
		session << "CREATE TABLE mb_smoke (id INTEGER NOT NULL, name " + textType + ")", now;
		int id = 7;
		std::string name = "Zo\xC3\xAB M\xC3\xBCller \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xF0\x9F\x8E\x89 'quoted'";
		session << "INSERT INTO mb_smoke (id, name) VALUES (?, ?)", use(id), use(name), now;
		std::string back;
		session << "SELECT name FROM mb_smoke WHERE id = ?", use(id), into(back), now;
		session << "DROP TABLE mb_smoke", now;
		CPPUNIT_ASSERT_EQUAL(name, back);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(OdbcDriversTest);
