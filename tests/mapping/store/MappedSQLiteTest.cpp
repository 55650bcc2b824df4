//
// MappedSQLiteTest.cpp
//
// The mapped store scenario on SQLite. SQLite: rowid identities, no sequences; the CHECK stands in for the length SQLite does not enforce.
//

#include "MappedStoreScenario.h"
#include "tests/common/TestEnv.h"

class MappedSQLiteTest: public MappedStoreScenario
{
	MB_MAPPED_STORE_TESTS(MappedSQLiteTest);

protected:
	std::string connectionString() const override
	{
		return mailbridge::test::TestEnv::instance().get("MB_SQLITE_ODBC");
	}

	bool hasSequences() const override
	{
		return false;
	}

	std::vector<std::string> ddl() const override
	{
		return {
			"CREATE TABLE ats_cand (cand_id CHAR(10) PRIMARY KEY, surname VARCHAR(60), email VARCHAR(200), other_emails VARCHAR(500), consultant CHAR(4), nolog CHAR(1), status CHAR(1))",
			"CREATE TABLE ats_contact (cc_id INTEGER PRIMARY KEY, cc_name VARCHAR(60), email_addr VARCHAR(200), consultant CHAR(4))",
			"CREATE TABLE ats_users (user_code CHAR(4) PRIMARY KEY, email VARCHAR(200))",
			"CREATE TABLE ats_counters (name VARCHAR(20) PRIMARY KEY, next_no INTEGER NOT NULL)",
			"CREATE TABLE ats_actions (act_id CHAR(10) PRIMARY KEY, ref_type CHAR(1), ref_id CHAR(10) CHECK (LENGTH(ref_id) <= 10), act_type CHAR(3), act_date VARCHAR(8), act_time VARCHAR(6), subject VARCHAR(80), notes VARCHAR(2000), consultant CHAR(4), msg_ref VARCHAR(250))",
			"CREATE TABLE ats_notes (id INTEGER PRIMARY KEY AUTOINCREMENT, person_kind VARCHAR(10), person_id VARCHAR(40), note_type VARCHAR(10), subject VARCHAR(200), body TEXT, created_at TIMESTAMP, author VARCHAR(10), parent_id INTEGER, message_id VARCHAR(250))",
			"CREATE TABLE ats_guid_notes (id CHAR(36) PRIMARY KEY, person_id VARCHAR(40), subject VARCHAR(200))",
			"CREATE TABLE ats_plain_notes (person_id VARCHAR(40), subject VARCHAR(200))",
			"CREATE TABLE ats_docs (id INTEGER PRIMARY KEY AUTOINCREMENT, person_id VARCHAR(40), note_id INTEGER, file_name VARCHAR(200), content_type VARCHAR(100), content BLOB, file_path VARCHAR(400), file_size INTEGER)"
		};
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MappedSQLiteTest);
