//
// PostgreSQLStoreTest.cpp
//
// The store scenario on the test stack's PostgreSQL, through ODBC.
//

#include "StoreScenario.h"
#include "tests/common/TestEnv.h"

class PostgreSQLStoreTest: public StoreScenario
{
	MB_STORE_SCENARIO_TESTS(PostgreSQLStoreTest);

protected:
	std::string connectionString() const override
	{
		return mailbridge::test::TestEnv::instance().get("MB_PG_ODBC");
	}

	mailbridge::mapping::Dialect::Vendor expectedVendor() const override
	{
		return mailbridge::mapping::Dialect::PostgreSQL;
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLStoreTest);

class PostgreSQLTxnRollbackStoreTest: public PostgreSQLStoreTest
	/// psqlODBC with Protocol=7.4-1: a failed statement aborts the
	/// transaction, so finding the refused entry needs a savepoint of ours.
{
	CPPUNIT_TEST_SUITE(PostgreSQLTxnRollbackStoreTest);
	CPPUNIT_TEST(testBatchRoundTrip);
	CPPUNIT_TEST(testFailureRollsBackBatch);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string connectionString() const override
	{
		return PostgreSQLStoreTest::connectionString() + "Protocol=7.4-1;";
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLTxnRollbackStoreTest);
