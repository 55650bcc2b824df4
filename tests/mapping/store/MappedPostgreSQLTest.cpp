//
// MappedPostgreSQLTest.cpp
//
// The mapped store scenario on PostgreSQL. PostgreSQL: SERIAL identities read back with RETURNING, a real sequence.
//

#include "MappedStoreScenario.h"
#include "tests/common/TestEnv.h"

class MappedPostgreSQLTest: public MappedStoreScenario
{
	MB_MAPPED_STORE_TESTS(MappedPostgreSQLTest);

protected:
	std::string connectionString() const override
	{
		return mailbridge::test::TestEnv::instance().get("MB_PG_ODBC");
	}

	bool hasSequences() const override
	{
		return true;
	}

	std::vector<std::string> ddl() const override
	{
		return {
			"CREATE TABLE ats_cand (cand_id CHAR(10) PRIMARY KEY, surname VARCHAR(60), email VARCHAR(200), other_emails VARCHAR(500), consultant CHAR(4), nolog CHAR(1), status CHAR(1))",
			"CREATE TABLE ats_contact (cc_id INTEGER PRIMARY KEY, cc_name VARCHAR(60), email_addr VARCHAR(200), consultant CHAR(4))",
			"CREATE TABLE ats_users (user_code CHAR(4) PRIMARY KEY, email VARCHAR(200))",
			"CREATE TABLE ats_counters (name VARCHAR(20) PRIMARY KEY, next_no INTEGER NOT NULL)",
			"CREATE TABLE ats_actions (act_id CHAR(10) PRIMARY KEY, ref_type CHAR(1), ref_id CHAR(10) CHECK (LENGTH(ref_id) <= 10), act_type CHAR(3), act_date VARCHAR(8), act_time VARCHAR(6), subject VARCHAR(80), notes VARCHAR(2000), consultant CHAR(4), msg_ref VARCHAR(250))",
			"CREATE TABLE ats_notes (id SERIAL PRIMARY KEY, person_kind VARCHAR(10), person_id VARCHAR(40), note_type VARCHAR(10), subject VARCHAR(200), body TEXT, created_at TIMESTAMP, author VARCHAR(10), parent_id INTEGER, message_id VARCHAR(250))",
			"CREATE TABLE ats_guid_notes (id CHAR(36) PRIMARY KEY, person_id VARCHAR(40), subject VARCHAR(200))",
			"CREATE TABLE ats_plain_notes (person_id VARCHAR(40), subject VARCHAR(200))",
			"CREATE TABLE ats_docs (id SERIAL PRIMARY KEY, person_id VARCHAR(40), note_id INTEGER, file_name VARCHAR(200), content_type VARCHAR(100), content BYTEA, file_path VARCHAR(400), file_size INTEGER)",
			"CREATE SEQUENCE ats_note_seq START WITH 1000",
			"CREATE TABLE ats_seq_notes (id INTEGER PRIMARY KEY, person_id VARCHAR(40), subject VARCHAR(200))"
		};
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MappedPostgreSQLTest);

class MappedPostgreSQLTxnRollbackTest: public MappedPostgreSQLTest
	/// psqlODBC with Protocol=7.4-1: a failed statement aborts the
	/// transaction, so finding the refused row needs a savepoint of ours.
{
	CPPUNIT_TEST_SUITE(MappedPostgreSQLTxnRollbackTest);
	CPPUNIT_TEST(testBatchCounterKeys);
	CPPUNIT_TEST(testBatchFailureNamesMessage);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string connectionString() const override
	{
		return MappedPostgreSQLTest::connectionString() + "Protocol=7.4-1;";
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MappedPostgreSQLTxnRollbackTest);
