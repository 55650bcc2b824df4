//
// OwnTablesSqlTest.cpp
//

#include "OwnTablesSqlTest.h"
#include "mapping/sql/OwnTablesSql.h"
#include <Poco/File.h>
#include <Poco/Environment.h>
#include <algorithm>
#include <fstream>
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
	if (!update) CPPUNIT_ASSERT_EQUAL(5 * 43, compared);
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
