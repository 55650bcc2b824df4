//
// CommandsLiveTest.cpp
//
// The mailbridge executable's commands, run as a DBA or an operator would:
// the database commands on the stack's SQLite and PostgreSQL, and status,
// backfill (piped, and on a terminal of its own) and run --daemon through a
// configuration file, with a mailbox on the stack's Dovecot and the modern
// example ATS in an SQLite file of the test's own.
//

#include "mapping/store/OdbcConnection.h"
#include "tests/common/MailDrop.h"
#include "tests/common/TestEnv.h"
#include "tests/service/ExampleAts.h"
#include "tests/service/MailStackSupport.h"
#include "tests/service/MailbridgeProcess.h"
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/Thread.h>
#include <Poco/TemporaryFile.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace mailbridge;
using mailbridge::test::TestEnv;
using mailbridge::test::runMailbridge;
using mailbridge::test::waitFor;

namespace {

int runOnTerminal(const std::vector<std::string>& args, std::string& output)
	/// As runMailbridge(), with stdout on a pseudo-terminal, as when an operator types
	/// the command (Poco::Process cannot give one); stderr goes nowhere, so
	/// only what is written to stdout is seen.
{
	int master = -1, slave = -1;
	if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) throw Poco::SystemException("openpty", errno);
	const pid_t pid = fork();
	if (pid == 0)
	{
		close(master);
		dup2(slave, 1);
		close(slave);
		const int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		close(null);
		std::vector<char*> argv{const_cast<char*>(MB_MAILBRIDGE_EXE)};
		for (const std::string& a: args) argv.push_back(const_cast<char*>(a.c_str()));
		argv.push_back(nullptr);
		execv(MB_MAILBRIDGE_EXE, argv.data());
		_exit(127);
	}
	close(slave);
	output.clear();
	char buffer[4096];
	for (;;)
	{
		// EIO once the child has exited and closed the terminal.
		const ssize_t n = read(master, buffer, sizeof(buffer));
		if (n > 0) output.append(buffer, std::size_t(n));
		else if (n < 0 && errno == EINTR) continue;
		else break;
	}
	close(master);
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string lineWith(const std::string& text, const std::string& word)
{
	std::istringstream in(text);
	for (std::string line; std::getline(in, line);)
		if (line.find(word) != std::string::npos) return line;
	return "";
}

} // namespace

class CommandsLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CommandsLiveTest);
	CPPUNIT_TEST(testInstallSchemaTwice);
	CPPUNIT_TEST(testStatusTable);
	CPPUNIT_TEST(testNoDatabaseIsConfigError);
	CPPUNIT_TEST(testUnreachableDatabaseIsTemporary);
	CPPUNIT_TEST(testStatusThroughConfig);
	CPPUNIT_TEST(testDaemonWithRelativeConfig);
	CPPUNIT_TEST(testBackfillPiped);
	CPPUNIT_TEST(testBackfillOnTerminal);
	CPPUNIT_TEST_SUITE_END();

public:
	void tearDown() override
	{
		if (_dir.empty()) return;
		try
		{
			auto session = test::stackLogin("MB_USER2", "MB_PASS2");
			session->command("DELETE " + _inbox);
			session->command("DELETE " + _sent);
			session->logout();
		}
		catch (...) {}
		try { Poco::File(_dir).remove(true); } catch (...) {}
		_dir.clear();
	}

	void testInstallSchemaTwice()
	{
		std::string out;
		std::string odbc = TestEnv::instance().get("MB_SQLITE_ODBC");
		int first = runMailbridge({"install-schema", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, first);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("version 1") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"install-schema", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out));
		CPPUNIT_ASSERT_MESSAGE(out, out.find("already current") != std::string::npos);
	}

	void testStatusTable()
	{
		std::string out;
		std::string odbc = TestEnv::instance().get("MB_PG_ODBC");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"install-schema", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"status", "--odbc=" + odbc, "--share=" MB_SHARE_DIR}, out));
		CPPUNIT_ASSERT_MESSAGE(out, out.find("MAILBOX") != std::string::npos);
	}

	void testNoDatabaseIsConfigError()
	{
		std::string out;
		// No --config, no --odbc and no /etc/mailbridge/mailbridge.conf here.
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 78, runMailbridge({"status"}, out));
		CPPUNIT_ASSERT_MESSAGE(out, out.find("--config") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("--odbc") != std::string::npos);
	}

	void testUnreachableDatabaseIsTemporary()
	{
		std::string out;
		// A PostgreSQL port nobody listens on: retry later (75), not a config error.
		int code = runMailbridge({"status", "--odbc=Driver=PostgreSQL Unicode;Server=127.0.0.1;Port=1;Database=x;Uid=x;Pwd=x"}, out);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 75, code);
	}

	void testStatusThroughConfig()
	{
		prepareMailbox();
		deliver("status");
		std::string out;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"sync", "--once", "--config=" + _config}, out));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"status", "--config=" + _config}, out));
		std::string row = lineWith(out, _name);
		CPPUNIT_ASSERT_MESSAGE(out, out.find("LAG") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, row.find(" idle ") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, row.find("never") == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, row.find("s ") != std::string::npos); // a lag of seconds

		// The mailbox's server goes away; a new process starts on it. Its
		// last good sync still shows, with the error that stopped it.
		std::ofstream(_dir + "/down.conf") << configText("1");
		CPPUNIT_ASSERT_MESSAGE(out, runMailbridge({"sync", "--once", "--config=" + _dir + "/down.conf"}, out) != 0);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"status", "--config=" + _dir + "/down.conf"}, out));
		row = lineWith(out, _name);
		CPPUNIT_ASSERT_MESSAGE(out, row.find(" stopped ") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, row.find("never") == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, row.find("127.0.0.1") != std::string::npos || Poco::toLower(row).find("connect") != std::string::npos);
	}

	void testDaemonWithRelativeConfig()
	{
		prepareMailbox();
		deliver("daemon");
		// Started in the configuration's folder with relative paths, as an
		// operator might; --daemon then moves to /.
		const std::string pidFile = _dir + "/mailbridge.pid";
		std::string out;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"run", "--daemon", "--config=mailbridge.conf", "--pidfile=" + pidFile}, out, _dir));
		const std::string logFile = _dir + "/mailbridge.log";
		auto logText = [&] { try { return test::readFile(logFile); } catch (...) { return std::string(); } };
		const bool running = waitFor([&] { return logText().find("mailbridge running") != std::string::npos; }, 30);
		const bool synced = running && waitFor([&] {
			runMailbridge({"status", "--config=" + _config}, out);
			return lineWith(out, _name).find(" idle ") != std::string::npos;
		}, 30);
		stopDaemon(pidFile);
		CPPUNIT_ASSERT_MESSAGE("the daemon did not start; its log:\n" + logText(), running);
		CPPUNIT_ASSERT_MESSAGE(out + logText(), synced);
	}

	void testBackfillPiped()
	{
		prepareMailbox();
		for (const char* id: {"b1", "b2", "b3"}) deliver(id);
		std::string out;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runMailbridge({"backfill", "--config=" + _config, "--since=" + yesterday()}, out));
		// A pipe or a log gets the summary only, never a line rewritten with \r.
		CPPUNIT_ASSERT_MESSAGE(out, out.find('\r') == std::string::npos);
		const std::string summary = lineWith(out, _name + " (");
		CPPUNIT_ASSERT_MESSAGE(out, summary.find("3 messages in range") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, summary.find(" msg/s") != std::string::npos);
	}

	void testBackfillOnTerminal()
	{
		prepareMailbox();
		for (const char* id: {"t1", "t2", "t3"}) deliver(id);
		std::string out;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, runOnTerminal({"backfill", "--config=" + _config, "--since=" + yesterday()}, out));
		CPPUNIT_ASSERT_MESSAGE(out, out.find("\r" + _name + " " + _inbox + ": 3/3 messages, ") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, out.find(" msg/s, ETA ") != std::string::npos);
		const std::string summary = lineWith(out, _name + " (");
		CPPUNIT_ASSERT_MESSAGE(out, summary.find("3 messages in range") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(out, summary.find(" msg/s") != std::string::npos);
	}

private:
	static std::string yesterday()
	{
		return Poco::DateTimeFormatter::format(Poco::Timestamp() - Poco::Timespan(1, 0, 0, 0, 0), "%Y-%m-%d");
	}

	void prepareMailbox()
		/// A fresh ATS in an SQLite file, bob's mailbox reduced to two folders
		/// of this test's own, and the configuration (relative paths) in _dir.
	{
		const std::string tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		_dir = Poco::Path(Poco::TemporaryFile::tempName()).toString();
		Poco::File(_dir).createDirectories();
		const std::string odbc = "Driver=SQLite3;Database=" + _dir + "/ats.db;";
		{
			mapping::OdbcConnection db(odbc);
			test::createModernAts(db, MB_SHARE_DIR, "sqlite", true);
		}
		test::writeExampleMapping(MB_SHARE_DIR, "modern.xml", odbc, "MB_COMMANDS_DB_PW", _dir + "/mapping.xml");
		Poco::Environment::set("MB_COMMANDS_PW2", TestEnv::instance().get("MB_PASS2"));
		_name = "cmd" + tag;
		_inbox = "In" + tag;
		_sent = "Out" + tag;
		auto session = test::stackLogin("MB_USER2", "MB_PASS2");
		session->command("CREATE " + _inbox);
		session->command("CREATE " + _sent);
		session->logout();
		_config = _dir + "/mailbridge.conf";
		std::ofstream(_config) << configText(TestEnv::instance().get("MB_IMAP_PORT"));
	}

	std::string configText(const std::string& port) const
	{
		const TestEnv& env = TestEnv::instance();
		return "[service]\nmapping = mapping.xml\nshare_dir = " MB_SHARE_DIR "\nlog_file = mailbridge.log\n"
			"window_days = 2\nthreads = 1\nretry_max_seconds = 2\n"
			"[mailbox " + _name + "]\naddress = " + env.get("MB_USER2") + "\nhost = " + env.get("MB_IMAP_HOST")
			+ "\nport = " + port + "\ntls = starttls\nca_file = " + env.get("MB_CA_FILE")
			+ "\npassword_env = MB_COMMANDS_PW2\ninbox = " + _inbox + "\nsent = " + _sent + "\n";
	}

	void deliver(const std::string& id)
	{
		const std::string user = TestEnv::instance().get("MB_USER2");
		test::MailDrop::lmtp(user.substr(0, user.find('@')) + "+" + _inbox + user.substr(user.find('@')),
			"From: Carol Candidate <carol@example.net>\r\nTo: " + user + "\r\nSubject: " + id
			+ "\r\nMessage-ID: <" + id + "." + _name + "@example.net>\r\nDate: "
			+ Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::RFC1123_FORMAT)
			+ "\r\n\r\nStill interested (" + id + ").\r\n");
	}

	static void stopDaemon(const std::string& pidFile)
	{
		std::string pid;
		try { pid = Poco::trim(test::readFile(pidFile)); } catch (...) { return; }
		if (pid.empty()) return;
		const Poco::Process::PID id = std::stoi(pid);
		Poco::Process::requestTermination(id);
		// Poco removes the pid file as the daemon exits.
		waitFor([&] { return !Poco::File(pidFile).exists(); }, 30);
	}

	std::string _dir;
	std::string _config;
	std::string _name;
	std::string _inbox;
	std::string _sent;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CommandsLiveTest);
