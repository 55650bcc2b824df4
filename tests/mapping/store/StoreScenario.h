//
// StoreScenario.h
//
// The store's scenario, run against every database. Each subclass supplies
// only a connection string and a little DDL (as Poco's ODBC testsuite does).
//

#ifndef MB_Test_StoreScenario_INCLUDED
#define MB_Test_StoreScenario_INCLUDED

#include "mapping/sql/Dialect.h"
#include "mapping/store/OdbcConnection.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <string>

class StoreScenario: public CppUnit::TestFixture
{
public:
	void setUp() override;
	void tearDown() override;

	void testDialectDetected();
	void testInstallSchemaTwice();
	void testRefusesUnknownVersion();
	void testVerifyNamesMissingColumns();
	void testBatchRoundTrip();
	void testHostileValues();
	void testFailureRollsBackBatch();

protected:
	virtual std::string connectionString() const = 0;
	virtual mailbridge::mapping::Dialect::Vendor expectedVendor() const = 0;
	virtual std::string failureDdl() const;
		/// DDL making a ledger row with direction badDirection() fail ("" = none needed).
	virtual std::string badDirection() const;
		/// A direction value the database refuses (too long for CHAR(1) by default).

	mailbridge::mapping::OdbcConnection& connection();
	void reinstall();
	int count(const std::string& table);

private:
	std::unique_ptr<mailbridge::mapping::OdbcConnection> _connection;
};

#define MB_STORE_SCENARIO_TESTS(Fixture) \
	CPPUNIT_TEST_SUITE(Fixture); \
	CPPUNIT_TEST(testDialectDetected); \
	CPPUNIT_TEST(testInstallSchemaTwice); \
	CPPUNIT_TEST(testRefusesUnknownVersion); \
	CPPUNIT_TEST(testVerifyNamesMissingColumns); \
	CPPUNIT_TEST(testBatchRoundTrip); \
	CPPUNIT_TEST(testHostileValues); \
	CPPUNIT_TEST(testFailureRollsBackBatch); \
	CPPUNIT_TEST_SUITE_END()

#endif
