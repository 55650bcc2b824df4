//
// MappingCommandsLiveTest.cpp
//
// check-mapping and preview as a DBA runs them, on both example schemas, on
// the stack's PostgreSQL, MariaDB and SQLite. One scenario; each database
// supplies its connection strings and which legacy mapping it reads.
//

#include "mapping/sql/SqlScript.h"
#include "mapping/store/OdbcConnection.h"
#include "tests/common/TestEnv.h"
#include "tests/service/MailbridgeProcess.h"
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>
#include <sstream>

using mailbridge::test::TestEnv;
using mailbridge::test::runMailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::mapping::SqlScript;

namespace {

const std::string EXAMPLES = std::string(MB_SHARE_DIR) + "/mapping/examples/";

void load(OdbcConnection& db, const std::string& ddlFile, const std::vector<std::string>& tables)
{
	for (const auto& t: tables)
	{
		try { db.execute("DROP TABLE " + t); } catch (std::exception&) {}
	}
	std::ifstream in(EXAMPLES + ddlFile);
	std::stringstream text;
	text << in.rdbuf();
	for (const auto& s: SqlScript::split(text.str())) db.execute(s);
}

} // namespace

class MappingCommandsScenario: public CppUnit::TestFixture
{
public:
	void testModernClean()
	{
		OdbcConnection db(modernDb());
		load(db, "modern." + name() + ".sql", {"documents", "notes", "contacts", "candidates", "users"});
		std::string out;
		int code = runMailbridge({"check-mapping", EXAMPLES + "modern.xml", "--odbc=" + modernDb()}, out);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, code);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("the mapping fits the database") != std::string::npos);
	}

	void testLegacyClean()
	{
		OdbcConnection db(legacyDb());
		load(db, "legacy." + name() + ".sql", {quoted("ACTIONS"), quoted("MAIL_QUEUE"), quoted("COUNTERS"),
			quoted("CLIENT_CONTACT"), quoted("CAND"), quoted("USERS")});
		std::string out;
		int code = runMailbridge({"check-mapping", EXAMPLES + legacyMapping(), "--odbc=" + legacyDb()}, out);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, code);
	}

	void testMismatchesReported()
	{
		OdbcConnection db(modernDb());
		load(db, "modern." + name() + ".sql", {"documents", "notes", "contacts", "candidates", "users"});
		// The DBA's schema differs from the mapping: a column renamed, a table missing,
		// a NOT NULL column the mapping does not fill, a filter on a missing column.
		db.execute("DROP TABLE documents");
		db.execute("ALTER TABLE notes ADD COLUMN category VARCHAR(10) NOT NULL");
		std::string mapping = Poco::Path::temp() + "mb-check-" + name() + ".xml";
		std::ifstream in(EXAMPLES + "modern.xml");
		std::stringstream text;
		text << in.rdbuf();
		std::string xml = text.str();
		xml.replace(xml.find("<column name=\"body\" value=\"text\"/>"), 34, "<column name=\"bodytext\" value=\"text\"/>");
		xml.replace(xml.find("filter=\"active = 1\""), 19, "filter=\"enabled = 1\"");
		xml.replace(xml.find("value=\"owner-user-key\"", xml.find("<activities")), 22, "value=\"from\"");
		// A code longer than note_type's VARCHAR(10) would fail every bounce's insert.
		xml.replace(xml.find("bounce=\"BOUNCE\""), 15, "bounce=\"MAIL_BOUNCED\"");
		std::ofstream(mapping) << xml;
		std::string out;
		int code = runMailbridge({"check-mapping", mapping, "--odbc=" + modernDb()}, out);
		Poco::File(mapping).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 78, code);
		CPPUNIT_ASSERT_MESSAGE(out, out.find(mapping + ":34: notes.category is NOT NULL without a default") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find(mapping + ":40: value column bodytext does not exist in notes (columns of notes: ") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find(mapping + ":44: notes.author_user_id (") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find(") is numeric: it cannot take from") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find(mapping + ":51: table documents does not exist") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find(mapping + ":61: the users query (with its filter) fails: ") != std::string::npos);
		// SQLite keeps text of any length: its declared widths are not checked.
		const bool widths = name() != "sqlite";
		CPPUNIT_ASSERT_MESSAGE(out, widths == (out.find(mapping + ":38: notes.note_type holds 10 characters: \"MAIL_BOUNCED\" does not fit")
			!= std::string::npos));
		CPPUNIT_ASSERT_MESSAGE(out, out.find((widths ? "6" : "5") + std::string(" problems in ") + mapping) != std::string::npos);
	}

	void testPreview()
	{
		OdbcConnection db(modernDb());
		load(db, "modern." + name() + ".sql", {"documents", "notes", "contacts", "candidates", "users"});
		std::string eml = Poco::Path::temp() + "mb-preview-" + name() + ".eml";
		std::ofstream(eml) << "From: Jane Doe <jane.doe@example.org>\r\nTo: alice@example.test\r\n"
			"Subject: =?UTF-8?Q?My_CV_=E2=80=93_r=C3=A9sum=C3=A9?=\r\nDate: Tue, 5 Mar 2024 10:00:00 +0100\r\n"
			"Message-ID: <cv-1@example.org>\r\nMIME-Version: 1.0\r\n"
			"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
			"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find my CV.\r\n"
			"--b1\r\nContent-Type: application/pdf; name=\"cv.pdf\"\r\nContent-Disposition: attachment; filename=\"cv.pdf\"\r\n"
			"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n";
		std::string out;
		int code = runMailbridge({"preview", EXAMPLES + "modern.xml", eml, "--odbc=" + modernDb()}, out);
		Poco::File(eml).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, code);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("notes for candidates 1 (jane.doe@example.org)") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("note_type = 'EMAIL_IN'") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("subject = 'My CV \xE2\x80\x93 r\xC3\xA9sum\xC3\xA9'") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("+ documents: cv.pdf (application/pdf, 9 bytes)") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("created_at = 2024-03-05 09:00:00") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("author_user_id = 1") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("body = 'Please find my CV.") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("0"), count(db, "notes"));  // nothing written
	}

	void testInvalidFile()
	{
		std::string out;
		int code = runMailbridge({"check-mapping", std::string(MB_SHARE_DIR) + "/tests/mapping/model/bad/unknown_value.xml"}, out);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 78, code);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("unknown_value.xml:9: unknown value \"sujbect\"") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("1 problem in ") != std::string::npos);
	}

protected:
	virtual std::string name() const = 0;
	virtual std::string modernDb() const = 0;
	virtual std::string legacyDb() const = 0;
	virtual std::string legacyMapping() const { return "legacy.xml"; }
	virtual std::string quoted(const std::string& table) const { return table; }

	static std::string count(OdbcConnection& db, const std::string& table)
	{
		Poco::Data::Statement stmt(db.session());
		std::string n;
		stmt << "SELECT COUNT(*) FROM " + table, Poco::Data::Keywords::into(n);
		stmt.execute();
		return n;
	}
};

#define MB_MAPPING_COMMANDS_TESTS(Fixture) \
	CPPUNIT_TEST_SUITE(Fixture); \
	CPPUNIT_TEST(testModernClean); \
	CPPUNIT_TEST(testLegacyClean); \
	CPPUNIT_TEST(testMismatchesReported); \
	CPPUNIT_TEST(testPreview); \
	CPPUNIT_TEST(testInvalidFile); \
	CPPUNIT_TEST_SUITE_END()

class PostgreSQLMappingCommandsTest: public MappingCommandsScenario
{
	MB_MAPPING_COMMANDS_TESTS(PostgreSQLMappingCommandsTest);

protected:
	std::string name() const override { return "postgresql"; }
	std::string modernDb() const override { return TestEnv::instance().get("MB_PG_ODBC"); }
	std::string legacyDb() const override { return modernDb(); }
	std::string legacyMapping() const override { return "legacy-postgresql.xml"; }
	std::string quoted(const std::string& table) const override { return "\"" + table + "\""; }
};

class MariaDBMappingCommandsTest: public MappingCommandsScenario
{
	MB_MAPPING_COMMANDS_TESTS(MariaDBMappingCommandsTest);

protected:
	std::string name() const override { return "mariadb"; }
	std::string modernDb() const override { return TestEnv::instance().get("MB_MARIADB_ODBC"); }
	std::string legacyDb() const override { return modernDb(); }
};

class SQLiteMappingCommandsTest: public MappingCommandsScenario
{
	MB_MAPPING_COMMANDS_TESTS(SQLiteMappingCommandsTest);

protected:
	// SQLite's names ignore case: USERS and users would clash, so each
	// example gets a database file of its own next to the stack's.
	std::string name() const override { return "sqlite"; }
	std::string modernDb() const override { return "Driver=SQLite3;Database=" + dir() + "/modern.db;"; }
	std::string legacyDb() const override { return "Driver=SQLite3;Database=" + dir() + "/legacy.db;"; }

	static std::string dir()
	{
		std::string conn = TestEnv::instance().get("MB_SQLITE_ODBC");
		std::size_t at = conn.find("Database=") + 9;
		return Poco::Path(conn.substr(at, conn.find(';', at) - at)).parent().toString();
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLMappingCommandsTest);
CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBMappingCommandsTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteMappingCommandsTest);
