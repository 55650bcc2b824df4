//
// SqlScriptTest.cpp
//

#include "SqlScriptTest.h"
#include "mapping/sql/SqlScript.h"
#include <fstream>
#include <sstream>

using mailbridge::mapping::SqlScript;

CPPUNIT_TEST_SUITE_REGISTRATION(SqlScriptTest);

void SqlScriptTest::testSplit()
{
	auto s = SqlScript::split(
		"-- header\n"
		"CREATE TABLE t (\n"
		"\ta INT, -- first; not the end\n"
		"\tb VARCHAR(3) DEFAULT ';'\n"
		");  -- done\n"
		"\n"
		"INSERT INTO t VALUES (1, 'x;y');\n"
		"BEGIN\n  NULL;\nEND;\n"
		"SELECT 1");
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), s.size());
	CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE t (\n\ta INT, -- first; not the end\n\tb VARCHAR(3) DEFAULT ';'\n)"), s[0]);
	CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO t VALUES (1, 'x;y')"), s[1]);
	CPPUNIT_ASSERT_EQUAL(std::string("BEGIN\n  NULL;\nEND;"), s[2]);
	CPPUNIT_ASSERT_EQUAL(std::string("SELECT 1"), s[3]);
}

void SqlScriptTest::testInstallFiles()
{
	// Every dialect's install.sql creates the eleven mb_ tables and writes its version row.
	for (const char* d: {"postgresql", "mysql", "sqlite", "sqlserver", "oracle"})
	{
		std::ifstream in(std::string(MB_SQL_DIR) + "/" + d + "/install.sql");
		CPPUNIT_ASSERT_MESSAGE(d, in.good());
		std::stringstream text;
		text << in.rdbuf();
		auto stmts = SqlScript::split(text.str());
		int tables = 0;
		bool version = false;
		for (const auto& st: stmts)
		{
			if (st.compare(0, 13, "CREATE TABLE ") == 0) ++tables;
			if (st == "INSERT INTO mb_schema_version (version) VALUES (1)") version = true;
		}
		CPPUNIT_ASSERT_EQUAL_MESSAGE(d, 11, tables);
		CPPUNIT_ASSERT_MESSAGE(d, version);
	}
}
