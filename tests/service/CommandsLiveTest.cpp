//
// CommandsLiveTest.cpp
//
// The mailbridge executable's database commands, run as a DBA would, on
// the stack's SQLite and PostgreSQL.
//

#include "tests/common/TestEnv.h"
#include <Poco/Environment.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::test::TestEnv;

namespace {

int run(const std::vector<std::string>& args, std::string& output)
{
	Poco::Pipe out;
	Poco::ProcessHandle handle = Poco::Process::launch(MB_MAILBRIDGE_EXE, args, nullptr, &out, &out);
	Poco::PipeInputStream in(out);
	output.clear();
	Poco::StreamCopier::copyToString(in, output);
	return handle.wait();
}

} // namespace

class CommandsLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CommandsLiveTest);
	CPPUNIT_TEST(testInstallSchemaTwice);
	CPPUNIT_TEST(testStatusTable);
	CPPUNIT_TEST(testNoDatabaseIsConfigError);
	CPPUNIT_TEST(testUnreachableDatabaseIsTemporary);
	CPPUNIT_TEST_SUITE_END();

public:
	void testInstallSchemaTwice()
	{
		std::string out;
		std::string odbc = TestEnv::instance().get("MB_SQLITE_ODBC");
		int first = run({"install-schema", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, first);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("version 1") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, run({"install-schema", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out));
		CPPUNIT_ASSERT_MESSAGE(out, out.find("already current") != std::string::npos);
	}

	void testStatusTable()
	{
		std::string out;
		std::string odbc = TestEnv::instance().get("MB_PG_ODBC");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, run({"install-schema", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, run({"status", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out));
		CPPUNIT_ASSERT_MESSAGE(out, out.find("MAILBOX") != std::string::npos);
	}

	void testNoDatabaseIsConfigError()
	{
		std::string out;
		CPPUNIT_ASSERT_EQUAL(78, run({"status"}, out));
		CPPUNIT_ASSERT_MESSAGE(out, out.find("--odbc") != std::string::npos);
	}

	void testUnreachableDatabaseIsTemporary()
	{
		std::string out;
		// A PostgreSQL port nobody listens on: retry later (75), not a config error.
		int code = run({"status", "--odbc=Driver=PostgreSQL Unicode;Server=127.0.0.1;Port=1;Database=x;Uid=x;Pwd=x"}, out);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 75, code);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(CommandsLiveTest);
