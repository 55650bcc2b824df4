//
// OwnTablesSqlTest.cpp
//

#include "OwnTablesSqlTest.h"
#include "mapping/sql/OwnTablesSql.h"
#include <Poco/File.h>
#include <Poco/Environment.h>
#include <algorithm>
#include <fstream>
#include <map>
#include <vector>
#include <sstream>

using mailbridge::mapping::Dialect;
using mailbridge::mapping::OwnTablesSql;

CPPUNIT_TEST_SUITE_REGISTRATION(OwnTablesSqlTest);

namespace {

const Dialect::Vendor ALL[] = {Dialect::PostgreSQL, Dialect::MySQL, Dialect::SQLite, Dialect::SQLServer, Dialect::Oracle};

} // namespace

void OwnTablesSqlTest::testGolden()
{
	bool update = Poco::Environment::get("MB_UPDATE_GOLDEN", "") == "1";
	int compared = 0;
	for (Dialect::Vendor v: ALL)
	{
		OwnTablesSql sql{Dialect(v)};
		std::string dir = std::string(MB_GOLDEN_DIR) + "/" + sql.dialect().name();
		Poco::File(dir).createDirectories();
		for (const auto& kind: sql.statementKinds())
		{
			std::string path = dir + "/" + kind + ".sql";
			std::string actual = sql.byKind(kind).toString();
			if (update)
			{
				std::ofstream(path) << actual;
				continue;
			}
			std::ifstream in(path);
			CPPUNIT_ASSERT_MESSAGE("missing golden file " + path + " (MB_UPDATE_GOLDEN=1 writes it)", in.good());
			std::stringstream expected;
			expected << in.rdbuf();
			CPPUNIT_ASSERT_EQUAL_MESSAGE(path, expected.str(), actual);
			++compared;
		}
	}
	if (!update) CPPUNIT_ASSERT_EQUAL(5 * 44, compared);
}

void OwnTablesSqlTest::testPlaceholdersMatchParams()
{
	for (Dialect::Vendor v: ALL)
	{
		OwnTablesSql sql{Dialect(v)};
		for (const auto& kind: sql.statementKinds())
		{
			auto s = sql.byKind(kind);
			std::size_t marks = std::count(s.text.begin(), s.text.end(), '?');
			CPPUNIT_ASSERT_EQUAL_MESSAGE(sql.dialect().name() + " " + kind, s.params.size(), marks);
		}
	}
}

namespace {

std::map<std::string, std::vector<std::string>> createdTables(const std::string& path)
	/// Table -> columns of every CREATE TABLE in an install script: the
	/// first word of each line in the parentheses, constraints left out.
{
	std::ifstream in(path);
	CPPUNIT_ASSERT_MESSAGE(path, in.good());
	std::map<std::string, std::vector<std::string>> tables;
	std::string line;
	std::string table;
	while (std::getline(in, line))
	{
		std::istringstream words(line);
		std::string first;
		words >> first;
		if (first == "CREATE")
		{
			std::string what;
			words >> what;
			if (what == "TABLE") words >> table;
			if (what == "TABLE") tables[table];
			continue;
		}
		if (table.empty() || first.empty() || first.compare(0, 2, "--") == 0) continue;
		if (first[0] == ')')
		{
			table.clear();
			continue;
		}
		std::string upper = first;
		std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return char(std::toupper(c)); });
		if (upper == "PRIMARY" || upper == "UNIQUE" || upper == "CONSTRAINT" || upper == "FOREIGN" || upper == "CHECK")
			continue;
		tables[table].push_back(first);
	}
	return tables;
}

} // namespace

void OwnTablesSqlTest::testTablesMatchInstallScripts()
{
	// verify() probes the columns tables() lists; a column added to an
	// install script and not here (or the other way) would go unchecked.
	std::map<std::string, std::vector<std::string>> expected;
	for (const auto& t: mailbridge::mapping::OwnTablesSql::tables()) expected[t.name] = t.columns;
	for (const std::string d: {"postgresql", "mysql", "sqlite", "sqlserver", "oracle"})
	{
		const auto created = createdTables(std::string(MB_SQL_DIR) + "/" + d + "/install.sql");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(d, expected.size(), created.size());
		for (const auto& t: created)
		{
			CPPUNIT_ASSERT_MESSAGE(d + ": " + t.first, expected.count(t.first) == 1);
			std::string want, got;
			for (const auto& c: expected[t.first]) want += c + " ";
			for (const auto& c: t.second) got += c + " ";
			CPPUNIT_ASSERT_EQUAL_MESSAGE(d + ": " + t.first, want, got);
		}
	}
}
