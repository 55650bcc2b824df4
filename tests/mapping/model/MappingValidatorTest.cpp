//
// MappingValidatorTest.cpp
//
// Table-driven: every file in bad/ is refused with the error listed for it
// in bad/expected.txt (file name and line included).
//

#include "mapping/model/MappingError.h"
#include "mapping/model/MappingParser.h"
#include "mapping/model/MappingValidator.h"
#include <Poco/DirectoryIterator.h>
#include <Poco/Path.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>
#include <map>
#include <sstream>

using namespace mailbridge::mapping;

class MappingValidatorTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MappingValidatorTest);
	CPPUNIT_TEST(testBadFiles);
	CPPUNIT_TEST(testEveryBadFileListed);
	CPPUNIT_TEST(testCollectsAllErrors);
	CPPUNIT_TEST(testIdentifiers);
	CPPUNIT_TEST(testSqlFragments);
	CPPUNIT_TEST_SUITE_END();

public:
	static std::map<std::string, std::string> expectations()
	{
		std::map<std::string, std::string> out;
		std::ifstream in(std::string(MB_BAD_DIR) + "/expected.txt");
		std::string line;
		while (std::getline(in, line))
		{
			if (line.empty() || line[0] == '#') continue;
			std::size_t tab = line.find('\t');
			out[line.substr(0, tab)] = line.substr(tab + 1);
		}
		return out;
	}

	void testBadFiles()
	{
		auto table = expectations();
		CPPUNIT_ASSERT(table.size() >= 30);
		for (const auto& e: table)
		{
			std::string path = std::string(MB_BAD_DIR) + "/" + e.first;
			try
			{
				MappingParser::parseFile(path);
				CPPUNIT_FAIL(e.first + ": accepted");
			}
			catch (MappingError& exc)
			{
				std::string expected = path + e.second;
				CPPUNIT_ASSERT_MESSAGE(e.first + ": expected\n  " + expected + "\ngot\n  " + exc.message(),
					exc.message().find(expected) != std::string::npos);
			}
		}
	}

	void testEveryBadFileListed()
	{
		auto table = expectations();
		int files = 0;
		for (Poco::DirectoryIterator it{std::string(MB_BAD_DIR)}, end; it != end; ++it)
		{
			if (Poco::Path(it.name()).getExtension() != "xml") continue;
			++files;
			CPPUNIT_ASSERT_MESSAGE(it.name() + " has no line in expected.txt", table.count(it.name()) == 1);
		}
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(table.size()), files);
	}

	void testCollectsAllErrors()
	{
		std::istringstream in(
			"<mapping>\n"
			" <connection dsn=\"a\" dialekt=\"x\"/>\n"
			" <people table=\"p;\"><key column=\"id\"/><email column=\"e\"/></people>\n"
			" <activities table=\"act\">\n"
			"  <key column=\"id\" generation=\"sequence\"/>\n"
			"  <column value=\"subjekt\"/>\n"
			" </activities>\n"
			"</mapping>\n");
		try
		{
			MappingParser::parse(in, "m.xml");
			CPPUNIT_FAIL("accepted");
		}
		catch (MappingError& exc)
		{
			std::istringstream lines(exc.message());
			std::vector<std::string> errors;
			for (std::string l; std::getline(lines, l);) errors.push_back(l);
			CPPUNIT_ASSERT_EQUAL(std::size_t(4), errors.size());
			CPPUNIT_ASSERT(errors[0].find("m.xml:2: unknown attribute \"dialekt\" in <connection>; valid attributes: dsn,") == 0);
			CPPUNIT_ASSERT(errors[1].find("m.xml:3: attribute \"table\"") == 0);
			CPPUNIT_ASSERT(errors[2].find("m.xml:5: <key> needs attribute \"sequence\"") == 0);
			CPPUNIT_ASSERT(errors[3].find("m.xml:6: unknown value \"subjekt\"") == 0);
		}
	}

	void testIdentifiers()
	{
		CPPUNIT_ASSERT(MappingValidator::isIdentifier("CAND_ID", false));
		CPPUNIT_ASSERT(MappingValidator::isIdentifier("dbo.CAND", true));
		CPPUNIT_ASSERT(MappingValidator::isIdentifier("db.dbo.CAND", true));
		CPPUNIT_ASSERT(MappingValidator::isIdentifier("Kandidat\xC3\xA9", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("dbo.CAND", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("a.b.c.d", true));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier(".a", true));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("a.", true));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("1abc", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("a b", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("a\"b", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("a'b", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("a;b", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("a]b", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier("", false));
		CPPUNIT_ASSERT(!MappingValidator::isIdentifier(std::string(129, 'a'), false));
	}

	void testSqlFragments()
	{
		CPPUNIT_ASSERT_EQUAL(std::string(), MappingValidator::checkSqlFragment("status <> 'D'"));
		CPPUNIT_ASSERT_EQUAL(std::string(), MappingValidator::checkSqlFragment("name = 'a;b -- c'"));
		CPPUNIT_ASSERT_EQUAL(std::string(), MappingValidator::checkSqlFragment("name = 'O''Brien'"));
		CPPUNIT_ASSERT(!MappingValidator::checkSqlFragment("a = 1; DROP TABLE x").empty());
		CPPUNIT_ASSERT(!MappingValidator::checkSqlFragment("a = 1 /* x */").empty());
		CPPUNIT_ASSERT(!MappingValidator::checkSqlFragment("a = 'open").empty());
		CPPUNIT_ASSERT(!MappingValidator::checkSqlFragment("  ").empty());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MappingValidatorTest);
