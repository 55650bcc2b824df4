//
// SQLiteStoreTest.cpp
//
// The store scenario on the test stack's SQLite, through ODBC.
//

#include "StoreScenario.h"
#include "tests/common/TestEnv.h"

class SQLiteStoreTest: public StoreScenario
{
	MB_STORE_SCENARIO_TESTS(SQLiteStoreTest);

protected:
	std::string connectionString() const override
	{
		return mailbridge::test::TestEnv::instance().get("MB_SQLITE_ODBC");
	}

	mailbridge::mapping::Dialect::Vendor expectedVendor() const override
	{
		return mailbridge::mapping::Dialect::SQLite;
	}

	std::string failureDdl() const override
	{
		// SQLite does not enforce lengths: refuse the row with a trigger.
		return "CREATE TRIGGER mb_test_refuse BEFORE INSERT ON mb_ledger WHEN NEW.direction = 'X' "
			"BEGIN SELECT RAISE(ABORT, 'refused direction'); END";
	}

	std::string badDirection() const override
	{
		return "X";
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteStoreTest);
