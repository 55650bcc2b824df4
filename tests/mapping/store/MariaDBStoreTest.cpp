//
// MariaDBStoreTest.cpp
//
// The store scenario on the test stack's MariaDB, through ODBC.
//

#include "StoreScenario.h"
#include "tests/common/TestEnv.h"

class MariaDBStoreTest: public StoreScenario
{
	MB_STORE_SCENARIO_TESTS(MariaDBStoreTest);

protected:
	std::string connectionString() const override
	{
		return mailbridge::test::TestEnv::instance().get("MB_MARIADB_ODBC");
	}

	mailbridge::mapping::Dialect::Vendor expectedVendor() const override
	{
		return mailbridge::mapping::Dialect::MySQL;
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBStoreTest);
