//
// DatabaseOutageLiveTest.cpp
//
// `mailbridge run` against the stack while its database goes away: the
// server is stopped (PostgreSQL, MariaDB) or locked by another connection
// (SQLite) while mail arrives and a queued message falls due. The daemon
// stays up, says what is wrong, and once the database is back every message
// is an activity exactly once and the queued message went out once.
//

#include "connector/service/OdbcStatusSink.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/StoreErrors.h"
#include "tests/common/MailDrop.h"
#include "tests/common/StackControl.h"
#include "tests/common/TestEnv.h"
#include "tests/service/ExampleAts.h"
#include "tests/service/MailStackSupport.h"
#include "tests/service/MailbridgeProcess.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
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
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

using namespace mailbridge;
using mailbridge::test::waitFor;
using mailbridge::mapping::OdbcConnection;
using mailbridge::test::TestEnv;
using mailbridge::test::readFile;

namespace {

const std::string ROOT = MB_SHARE_DIR;
const int MESSAGES = 3;  ///< delivered while the database is away

} // namespace

class DatabaseOutageScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		_db.reset(new OdbcConnection(connectionString()));
		test::createModernAts(*_db, ROOT, name(), true);
		_db->execute("DELETE FROM mb_outbox_recipient");
		_db->execute("DELETE FROM mb_outbox");
		_db->execute("DELETE FROM mb_mailbox_status");

		_mappingFile = temp("xml");
		test::writeExampleMapping(ROOT, "modern.xml", daemonConnectionString(), "MB_OUTAGE_DB_PW", _mappingFile);

		// alice's Sent stand-in, so the daemon reads only this test's copies;
		// INBOX is where LMTP delivers.
		_sent = "Out" + _tag;
		auto session = test::stackLogin("MB_USER1", "MB_PASS1");
		session->command("CREATE " + _sent);
		session->logout();

		const TestEnv& env = TestEnv::instance();
		Poco::Environment::set("MB_OUTAGE_PW1", env.get("MB_PASS1"));
		_mailbox = "outage" + _tag;
		_logFile = temp("log");
		_config = temp("conf");
		std::ofstream(_config) << "[service]\nmapping = " << _mappingFile << "\nshare_dir = " << ROOT
			<< "\nlog_file = " << _logFile << "\nwindow_days = 1\nthreads = 1\noutbox_poll_ms = 200\n"
			<< "retry_max_seconds = 2\n"
			<< "[policy]\ninternal_domains = example.test\n"
			<< "[mailbox " << _mailbox << "]\naddress = " << env.get("MB_USER1") << "\nhost = " << env.get("MB_IMAP_HOST")
			<< "\nport = " << env.get("MB_IMAP_PORT") << "\ntls = starttls\nca_file = " << env.get("MB_CA_FILE")
			<< "\npassword_env = MB_OUTAGE_PW1\nsent = " << _sent << "\nsmtp_host = " << env.get("MB_IMAP_HOST")
			<< "\nsmtp_port = " << env.get("MB_SUBMISSION_PORT") << "\nsmtp_tls = starttls\n";
	}

	void tearDown() override
	{
		stopDaemon();
		releaseOutage(); // whatever happened, the next test finds its database up
		try
		{
			auto session = test::stackLogin("MB_USER1", "MB_PASS1");
			session->command("DELETE " + _sent);
			session->logout();
		}
		catch (...) {}
		_db.reset();
		for (const std::string& f: {_mappingFile, _config, _logFile})
		{
			try { Poco::File(f).remove(); } catch (...) {}
		}
	}

	void testMailDuringOutageLoggedOnceAfterRecovery()
	{
		deliver("before");
		startDaemon();
		CPPUNIT_ASSERT_MESSAGE(log(), waitFor([&] { return count("before") == 1; }, 60));
		CPPUNIT_ASSERT_MESSAGE(log(), waitFor([&] { return statusOf(*_db) == "idle"; }, 30));
		const std::string heartbeat = heartbeatOf(*_db);

		// Falls due while the database is away.
		const std::string outbox = queue(3);

		beginOutage();
		const Poco::Timestamp outageStart;
		for (int i = 0; i < MESSAGES; ++i)
		{
			deliver("during" + std::to_string(i));
			Poco::Thread::sleep(1000);
		}
		Poco::Thread::sleep(4000);
		const bool running = Poco::Process::isRunning(*_daemon);
		CPPUNIT_ASSERT_MESSAGE("the daemon exited during the outage:\n" + log(), running);
		endOutage();
		const Poco::Timestamp recovered;
		_db.reset(new OdbcConnection(connectionString())); // the test's own connection died with the server
		std::cout << "\n" << name() << ": database away for " << (recovered - outageStart) / 1000 << " ms" << std::flush;

		// Back within the backoff cap (2 s here) and a sync pass.
		const bool allLogged = waitFor([&] {
			for (int i = 0; i < MESSAGES; ++i) if (count("during" + std::to_string(i)) == 0) return false;
			return true;
		}, 60);
		std::cout << "; all mail logged " << recovered.elapsed() / 1000 << " ms after it came back" << std::flush;
		CPPUNIT_ASSERT_MESSAGE(log(), allLogged);
		CPPUNIT_ASSERT_MESSAGE(log(), waitFor([&] { return one("SELECT state FROM mb_outbox WHERE id = " + outbox) == "logged"; }, 60));
		std::cout << ", the queued message sent and logged " << recovered.elapsed() / 1000 << " ms after" << std::flush;
		// The status row is written again: idle, no error, a new heartbeat.
		CPPUNIT_ASSERT_MESSAGE(log(), waitFor([&] { return statusOf(*_db) == "idle" && heartbeatOf(*_db) != heartbeat; }, 30));

		// A little longer: no late duplicate from a retried batch.
		Poco::Thread::sleep(2000);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), count("before"));
		for (int i = 0; i < MESSAGES; ++i)
		{
			const std::string id = "during" + std::to_string(i);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(id, std::size_t(1), count(id));
			CPPUNIT_ASSERT_EQUAL_MESSAGE(id, std::string("1"), one("SELECT COUNT(*) FROM mb_ledger WHERE message_id = '" +
				messageId(id) + "'"));
		}
		// Not a single ledger row marks an error: nothing was given up on.
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT COUNT(*) FROM mb_ledger WHERE message_id LIKE '%" + _tag +
			"%' AND activity_keys IS NULL"));

		// The queued message went out once, was filed once and logged once.
		const std::string sent = one("SELECT message_id FROM mb_outbox WHERE id = " + outbox);
		const std::string bare = sent.substr(1, sent.size() - 2);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER3", "MB_PASS3", bare));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE message_id = '" + bare + "'"));

		// `mailbridge status` says the mailbox is well again.
		const std::string status = statusCommand();
		CPPUNIT_ASSERT_MESSAGE(status, status.find(_mailbox) != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(status, status.find("idle") != std::string::npos);

		// The log named the trouble while it lasted.
		const std::string text = log();
		CPPUNIT_ASSERT_MESSAGE(text, text.find("reconnecting in") != std::string::npos);
		// ... and never the database's password (Poco puts the connection string in some of its messages).
		std::string password;
		test::withoutPassword(daemonConnectionString(), password);
		if (!password.empty()) CPPUNIT_ASSERT_MESSAGE(text, text.find(password) == std::string::npos);

		const int rc = stopDaemon();
		if (Poco::Environment::has("MB_OUTAGE_SHOW_LOG")) std::cout << "\n" << log() << status;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(log(), 0, rc);
	}

protected:
	virtual std::string name() const = 0;
	virtual std::string connectionString() const = 0;
	virtual std::string daemonConnectionString() const { return connectionString(); }
	virtual void beginOutage() = 0;
	virtual void endOutage() = 0;
	virtual void releaseOutage() = 0;
		///< after a failure: ends the outage if one is under way; never throws

	std::string temp(const std::string& ext) const
	{
		return Poco::Path::temp() + "mb-outage-" + _tag + "." + ext;
	}

	std::string _tag;

private:
	std::string messageId(const std::string& id) const { return id + "." + _tag + "@example.net"; }

	void deliver(const std::string& id)
	{
		test::MailDrop::lmtp(TestEnv::instance().get("MB_USER1"), "From: Carol Candidate <carol@example.net>\r\n"
			"To: alice@example.test\r\nSubject: " + id + "\r\nMessage-ID: <" + messageId(id) + ">\r\n"
			"Date: " + Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::RFC1123_FORMAT) +
			"\r\n\r\nStill interested (" + id + ").\r\n");
	}

	std::string queue(int dueInSeconds)
	{
		mapping::SqlStatement insert;
		insert.text = "INSERT INTO mb_outbox (mailbox, to_addrs, subject, body_text, send_at) VALUES (?, ?, ?, ?, ?)";
		insert.params = {"mailbox", "to", "subject", "text", "send_at"};
		mapping::ParamBinder p;
		p.text("mailbox", TestEnv::instance().get("MB_USER1"));
		p.text("to", "Carol Candidate <carol@example.net>");
		p.text("subject", "sent across an outage " + _tag);
		p.text("text", "Dear Carol,\n\nsee you on Thursday.\n\nAlice");
		p.timestamp("send_at", Poco::DateTime(Poco::Timestamp() + Poco::Timespan(dueInSeconds, 0)));
		p.execute(_db->session(), insert);
		return one("SELECT MAX(id) FROM mb_outbox");
	}

	std::size_t count(const std::string& id)
	{
		return static_cast<std::size_t>(std::stoul(one("SELECT COUNT(*) FROM notes WHERE message_id = '" + messageId(id) + "'")));
	}

	std::string one(const std::string& select)
	{
		Poco::Data::Statement stmt(_db->session());
		stmt << select;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		CPPUNIT_ASSERT_MESSAGE(select, rs.moveFirst());
		return rs.value(0).isEmpty() ? "NULL" : Poco::trimRight(rs.value(0).convert<std::string>());
	}

	std::string statusOf(OdbcConnection& db)
	{
		for (const auto& row: service::OdbcStatusSink::read(db))
			if (row.mailbox == _mailbox) return row.state + (row.lastError.empty() ? "" : ": " + row.lastError);
		return "";
	}

	std::string heartbeatOf(OdbcConnection& db)
	{
		for (const auto& row: service::OdbcStatusSink::read(db))
			if (row.mailbox == _mailbox) return row.heartbeatAt;
		return "";
	}

	void startDaemon()
	{
		_output.reset(new Poco::Pipe);
		_daemon.reset(new Poco::ProcessHandle(
			Poco::Process::launch(MB_MAILBRIDGE_EXE, {"run", "--config=" + _config}, nullptr, _output.get(), _output.get())));
	}

	int stopDaemon()
	{
		if (!_daemon) return -1;
		Poco::Process::requestTermination(_daemon->id());
		Poco::PipeInputStream in(*_output);
		std::string console;
		Poco::StreamCopier::copyToString(in, console);
		const int rc = _daemon->wait();
		_daemon.reset();
		if (!console.empty()) std::ofstream(_logFile, std::ios::app) << console;
		return rc;
	}

	std::string log()
	{
		// A daemon that exited said why on its console.
		if (_daemon && !Poco::Process::isRunning(*_daemon)) stopDaemon();
		try { return readFile(_logFile); } catch (...) { return "(no log)"; }
	}

	std::string statusCommand()
	{
		// The password through the environment, as `status` takes it.
		std::string password;
		const std::string conn = test::withoutPassword(connectionString(), password);
		Poco::Process::Env env;
		env["MAILBRIDGE_DB_PASSWORD"] = password;
		Poco::Pipe out;
		Poco::ProcessHandle status = Poco::Process::launch(MB_MAILBRIDGE_EXE,
			{"status", "--odbc=" + conn, "--share=" + ROOT}, "", nullptr, &out, &out, env);
		Poco::PipeInputStream in(out);
		std::string text;
		Poco::StreamCopier::copyToString(in, text);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(text, 0, status.wait());
		return text;
	}

	std::unique_ptr<OdbcConnection> _db;
	std::string _mappingFile;
	std::string _config;
	std::string _logFile;
	std::string _sent;
	std::string _mailbox;
	std::unique_ptr<Poco::Pipe> _output;
	std::unique_ptr<Poco::ProcessHandle> _daemon;
};

class ServerOutageScenario: public DatabaseOutageScenario
	/// The database server stopped and started again (stack.sh pause/resume).
{
protected:
	virtual std::string server() const = 0;

	void beginOutage() override
	{
		test::StackControl::pause(server());
		_down = true;
	}

	void endOutage() override
	{
		test::StackControl::resume(server());
		_down = false;
	}

	void releaseOutage() override
	{
		if (!_down) return;
		try { endOutage(); } catch (...) {}
	}

private:
	bool _down = false;
};

class PostgreSQLOutageTest: public ServerOutageScenario
{
	CPPUNIT_TEST_SUITE(PostgreSQLOutageTest);
	CPPUNIT_TEST(testMailDuringOutageLoggedOnceAfterRecovery);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string name() const override { return "postgresql"; }
	std::string server() const override { return "postgresql"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_PG_ODBC"); }
};

class MariaDBOutageTest: public ServerOutageScenario
{
	CPPUNIT_TEST_SUITE(MariaDBOutageTest);
	CPPUNIT_TEST(testMailDuringOutageLoggedOnceAfterRecovery);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string name() const override { return "mariadb"; }
	std::string server() const override { return "mariadb"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_MARIADB_ODBC"); }
};

class SQLiteLockTest: public DatabaseOutageScenario
	/// SQLite has no server to stop: another connection holds the database
	/// locked (BEGIN EXCLUSIVE) for longer than the daemon's busy timeout.
{
	CPPUNIT_TEST_SUITE(SQLiteLockTest);
	CPPUNIT_TEST(testMailDuringOutageLoggedOnceAfterRecovery);
	CPPUNIT_TEST(testLockedIsTransient);
	CPPUNIT_TEST_SUITE_END();

public:
	void testLockedIsTransient()
	{
		// A write the lock outlasts is the lock's fault, not the message's: a
		// StatementError here would turn the message into an error record.
		OdbcConnection writer(daemonConnectionString());
		beginOutage();
		try
		{
			writer.transaction("commit", [&] { writer.execute("DELETE FROM mb_mailbox_status"); });
			CPPUNIT_FAIL("the write went through a held lock");
		}
		catch (const mapping::DatabaseBusy& exc)
		{
			CPPUNIT_ASSERT(classify(exc) == FailureKind::Transient);
			CPPUNIT_ASSERT_MESSAGE(exc.displayText(), exc.displayText().find("locked") != std::string::npos);
		}
		endOutage();
		writer.transaction("commit", [&] { writer.execute("DELETE FROM mb_mailbox_status"); });
	}

	void setUp() override
	{
		_file = Poco::Path::temp() + "mb-outage-" + std::to_string(Poco::Timestamp().epochMicroseconds()) + ".db";
		DatabaseOutageScenario::setUp();
	}

	void tearDown() override
	{
		DatabaseOutageScenario::tearDown();
		Poco::File(_file).remove();
	}

protected:
	std::string name() const override { return "sqlite"; }
	std::string connectionString() const override { return "Driver=SQLite3;Database=" + _file + ";"; }
	std::string daemonConnectionString() const override
	{
		// Gives up on a lock after a second (the driver's default waits 100 s).
		return connectionString() + "Timeout=1000;";
	}

	virtual std::string lockKind() const { return "EXCLUSIVE"; }

	void beginOutage() override
	{
		_lock.reset(new OdbcConnection(connectionString()));
		_lock->execute("BEGIN " + lockKind());
	}

	void endOutage() override
	{
		_lock->execute("COMMIT");
		_lock.reset();
	}

	void releaseOutage() override
	{
		_lock.reset();
	}

private:
	std::string _file;
	std::unique_ptr<OdbcConnection> _lock;
};

class SQLiteWriteLockTest: public SQLiteLockTest
	/// Another connection holds the write lock (BEGIN IMMEDIATE): the daemon
	/// still reads its cursor and fetches the mail, but every commit is
	/// refused with "database is locked" until the lock goes.
{
	CPPUNIT_TEST_SUITE(SQLiteWriteLockTest);
	CPPUNIT_TEST(testMailDuringOutageLoggedOnceAfterRecovery);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string lockKind() const override { return "IMMEDIATE"; }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLOutageTest);
CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBOutageTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteLockTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteWriteLockTest);
