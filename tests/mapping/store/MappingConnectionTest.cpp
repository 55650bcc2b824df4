//
// MappingConnectionTest.cpp
//
// The connection string built from <connection>, the password's sources, and
// the address helpers of the people lookup.
//

#include "mapping/model/MappingError.h"
#include "mapping/model/MappingParser.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/MappingConnection.h"
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>
#include <sstream>

using namespace mailbridge::mapping;

namespace {

Mapping withConnection(const std::string& attributes)
{
	std::istringstream in("<mapping>\n<connection " + attributes + "/>\n"
		"<people table=\"p\"><key column=\"id\"/><email column=\"e\"/></people>"
		"<activities table=\"a\"><column value=\"subject\"/></activities></mapping>");
	return MappingParser::parse(in, "c.xml");
}

} // namespace

class MappingConnectionTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MappingConnectionTest);
	CPPUNIT_TEST(testDsnAndEnvironment);
	CPPUNIT_TEST(testConnectionStringAndFile);
	CPPUNIT_TEST(testMissingPassword);
	CPPUNIT_TEST(testMasking);
	CPPUNIT_TEST(testAddressSplitting);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDsnAndEnvironment()
	{
		Poco::Environment::set("MB_TEST_ATS_PW", "s;e}cret");
		Mapping m = withConnection("dsn=\"ATS\" user=\"mb\" password-env=\"MB_TEST_ATS_PW\"");
		CPPUNIT_ASSERT_EQUAL(std::string("DSN={ATS};UID={mb};PWD={s;e}}cret}"), MappingConnection::connectionString(m));
	}

	void testConnectionStringAndFile()
	{
		std::string file = Poco::Path::temp() + "mb-test-password";
		std::ofstream(file) << "filepw\n";
		Mapping m = withConnection("connection-string=\"Driver={PostgreSQL Unicode};Server=db;\" password-file=\"" + file + "\"");
		std::string cs = MappingConnection::connectionString(m);
		Poco::File(file).remove();
		CPPUNIT_ASSERT_EQUAL(std::string("Driver={PostgreSQL Unicode};Server=db;PWD={filepw}"), cs);
		Mapping inline_ = withConnection("dsn=\"x\" password=\"p\" allow-inline-password=\"yes\"");
		CPPUNIT_ASSERT_EQUAL(std::string("DSN={x};PWD={p}"), MappingConnection::connectionString(inline_));
	}

	void testMissingPassword()
	{
		Mapping m = withConnection("dsn=\"x\" password-env=\"MB_TEST_SURELY_UNSET_VARIABLE\"");
		try
		{
			MappingConnection::connectionString(m);
			CPPUNIT_FAIL("no error");
		}
		catch (MappingError& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("c.xml:2: the password variable MB_TEST_SURELY_UNSET_VARIABLE is not set"), exc.message());
		}
		Mapping f = withConnection("dsn=\"x\" password-file=\"/nonexistent/pw\"");
		CPPUNIT_ASSERT_THROW(MappingConnection::connectionString(f), MappingError);
	}

	void testMasking()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("DSN=a;PWD=***;UID=b"), MappingConnection::withoutPassword("DSN=a;PWD=secret;UID=b"));
		CPPUNIT_ASSERT_EQUAL(std::string("DSN=a;pwd=***"), MappingConnection::withoutPassword("DSN=a;pwd={se;c}}ret}"));
		CPPUNIT_ASSERT_EQUAL(std::string("DSN=a"), MappingConnection::withoutPassword("DSN=a"));
	}

	void testAddressSplitting()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("jane@x.example"), MappedPeopleDirectory::normalize("  Jane@X.Example \t"));
		auto one = MappedPeopleDirectory::split(" A@x.example ", "");
		CPPUNIT_ASSERT(one == std::vector<std::string>({"a@x.example"}));
		auto many = MappedPeopleDirectory::split("a@x.example; B@y.example ;;c@z.example;", ";");
		CPPUNIT_ASSERT(many == std::vector<std::string>({"a@x.example", "b@y.example", "c@z.example"}));
		CPPUNIT_ASSERT(MappedPeopleDirectory::split("", ";").empty());
		CPPUNIT_ASSERT(MappedPeopleDirectory::split("   ", "").empty());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MappingConnectionTest);
