//
// EndToEndLiveTest.cpp
//
// The inbound pipeline as the daemon assembles it from a configuration and
// the modern example mapping, against the stack's Dovecot and each of
// PostgreSQL, MariaDB and SQLite: the demo conversation becomes activity
// rows (threaded, with the résumé in documents), once, whatever happens to
// the mailbox. One scenario, one subclass per database.
//

#include "connector/service/ImapMailboxClient.h"
#include "connector/service/InboundWorkers.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/MessageParsing.h"
#include "mapping/sql/SqlScript.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/SchemaInstaller.h"
#include "tests/common/TestEnv.h"
#include "tests/service/TestAtsBinding.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <fstream>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::test::TestEnv;

namespace {

const std::string ROOT = MB_SHARE_DIR;

std::string readFile(const std::string& path)
{
	Poco::FileInputStream in(path);
	std::string text;
	Poco::StreamCopier::copyToString(in, text);
	return text;
}

std::string crlf(const std::string& text)
{
	std::string out;
	for (std::size_t i = 0; i < text.size(); ++i)
	{
		if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
		out += text[i];
	}
	return out;
}

} // namespace

class EndToEndScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		_db.reset(new OdbcConnection(connectionString()));
		for (const char* t: {"documents", "notes", "contacts", "candidates", "users"})
		{
			try { _db->execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
		}
		for (const std::string& file: {"mapping/examples/modern." + name() + ".sql", std::string("installer/demo/ats-seed.sql")})
			for (const std::string& s: mapping::SqlScript::split(readFile(ROOT + "/" + file))) _db->execute(s);
		mapping::SchemaInstaller(*_db, ROOT).install();

		_mappingFile = Poco::Path::temp() + "mb-e2e-" + _tag + ".xml";
		std::string xml = readFile(ROOT + "/mapping/examples/modern.xml");
		const std::size_t at = xml.find("<connection ");
		// The password goes through the environment, as a DBA would set it up.
		std::string conn = connectionString(), password;
		const std::size_t pwd = Poco::toLower(conn).find("pwd=");
		if (pwd != std::string::npos)
		{
			const std::size_t end = conn.find(';', pwd);
			password = conn.substr(pwd + 4, end - pwd - 4);
			conn.erase(pwd, end == std::string::npos ? std::string::npos : end + 1 - pwd);
		}
		Poco::Environment::set("MB_E2E_DB_PW", password);
		xml.replace(at, xml.find("/>", at) + 2 - at, "<connection connection-string=\"" + conn + "\"" +
			(password.empty() ? "" : " password-env=\"MB_E2E_DB_PW\"") + "/>");
		std::ofstream(_mappingFile) << xml;
		_config = config("");
		// Each mailbox's INBOX and Sent stand-ins exist from the start, as
		// they do on a real server.
		for (int user: {1, 2})
		{
			auto client = imap(user);
			for (const char* folder: {"In", "Out"})
			{
				client->session().command("CREATE " + std::string(folder) + _tag);
				_folders.insert({user, folder + _tag});
			}
		}
	}

	void tearDown() override
	{
		for (auto& folder: _folders)
		{
			try { imap(folder.first)->session().command("DELETE " + folder.second); } catch (...) {}
		}
		_db.reset();
		Poco::File(_mappingFile).remove();
	}

	service::ServiceConfig config(const std::string& extraService)
	{
		const TestEnv& env = TestEnv::instance();
		Poco::Environment::set("MB_E2E_PW1", env.get("MB_PASS1"));
		Poco::Environment::set("MB_E2E_PW2", env.get("MB_PASS2"));
		std::string text = "[service]\nmapping = " + _mappingFile + "\nwindow_days = 3650\n" + extraService +
			"[policy]\ninternal_domains = example.test\nunknown_sender = stage\n"
			"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\n";
		for (int user: {1, 2})
		{
			const std::string u = std::to_string(user);
			text += "[mailbox user" + u + "]\naddress = " + env.get("MB_USER" + u) + "\npassword_env = MB_E2E_PW" + u +
				"\ninbox = In" + _tag + "\nsent = Out" + _tag + "\n";
		}
		return service::ServiceConfig::parse(text, "e2e.conf", Poco::Path::temp());
	}

	std::unique_ptr<service::ImapMailboxClient> imap(int user)
	{
		return service::ImapMailboxClient::connect(_config.mailboxes[user - 1], Poco::Timespan(1, 0));
	}

	void deliver(int user, const std::string& folder, const std::string& message)
	{
		imap(user)->session().append(folder + _tag, "", message);
	}

	std::string demo(const std::string& file)
	{
		// Message-IDs made unique per run, so the shared databases' ledgers
		// never see a message of an earlier run.
		std::string text = crlf(readFile(ROOT + "/installer/demo/mail/" + file));
		// Only in Message-ID, In-Reply-To and References, never in addresses.
		std::string out;
		std::size_t pos = 0;
		bool idHeader = false;
		while (pos < text.size())
		{
			std::size_t eol = text.find('\n', pos);
			eol = eol == std::string::npos ? text.size() : eol + 1;
			std::string line = text.substr(pos, eol - pos);
			const bool continuation = !line.empty() && (line[0] == ' ' || line[0] == '\t');
			if (!continuation)
				idHeader = line.rfind("Message-ID:", 0) == 0 || line.rfind("In-Reply-To:", 0) == 0 || line.rfind("References:", 0) == 0;
			if (idHeader) Poco::replaceInPlace(line, std::string("@"), "." + _tag + "@");
			if (line == "\r\n") idHeader = false;
			out += line;
			pos = eol;
			if (line == "\r\n") { out += text.substr(pos); break; }
		}
		return out;
	}

	void deliverConversation(int user)
	{
		deliver(user, "Out", demo("01-outreach.eml"));
		deliver(user, "In", demo("02-reply-with-resume.eml"));
		deliver(user, "In", demo("03-newsletter.eml"));
		deliver(user, "In", demo("04-out-of-office.eml"));
		deliver(user, "Out", demo("05-interview-confirmed.eml"));
	}

	sync::MailboxReport syncOnce(int user, const service::ServiceConfig* with = nullptr)
	{
		const service::ServiceConfig& c = with ? *with : _config;
		service::InboundParts parts;
		parts.ats = service::bindMapping(c);
		parts.parser = service::parseMessageForSync;
		parts.status = &_status;
		return service::makeInboundWorker(c, c.mailboxes[user - 1], parts)->runOnce();
	}

	std::vector<std::vector<std::string>> rows(const std::string& select)
	{
		Poco::Data::Statement stmt(_db->session());
		stmt << select;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		std::vector<std::vector<std::string>> out;
		for (bool more = rs.moveFirst(); more; more = rs.moveNext())
		{
			std::vector<std::string> row;
			for (std::size_t i = 0; i < rs.columnCount(); ++i)
				row.push_back(rs.value(i).isEmpty() ? "NULL" : Poco::trimRight(rs.value(i).convert<std::string>()));
			out.push_back(row);
		}
		return out;
	}

	std::string one(const std::string& select)
	{
		auto r = rows(select);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(select, std::size_t(1), r.size());
		return r[0][0];
	}

	std::string carol() { return one("SELECT id FROM candidates WHERE email = 'carol@example.net'"); }

	std::string noteOf(const std::string& file, const std::string& messageId)
	{
		(void) file;
		return one("SELECT id FROM notes WHERE message_id = '" + messageId + "' AND person_kind = 'C'");
	}

	void testConversation()
	{
		deliverConversation(1);
		deliver(1, "In", "From: Eve <eve@unknown.example>\r\nTo: alice@example.test\r\nSubject: my CV\r\n"
			"Message-ID: <eve." + _tag + "@unknown.example>\r\n\r\nHello, please consider me.\r\n");
		sync::MailboxReport report = syncOnce(1);
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), report.fetched);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), report.logged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), report.errors);

		const std::string reply = noteOf("02", "reply-1." + _tag + "@example.net");
		const std::string outreach = noteOf("01", "outreach-1." + _tag + "@example.test");
		const std::string confirm = noteOf("05", "confirm-1." + _tag + "@example.test");
		CPPUNIT_ASSERT_EQUAL(std::string("4"), one("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::string("EMAIL_IN"), one("SELECT note_type FROM notes WHERE id = " + reply));
		CPPUNIT_ASSERT_EQUAL(std::string("EMAIL_OUT"), one("SELECT note_type FROM notes WHERE id = " + outreach));
		CPPUNIT_ASSERT_EQUAL(carol(), one("SELECT person_id FROM notes WHERE id = " + reply));
		// The confirmation answers the reply: threaded to its activity.
		CPPUNIT_ASSERT_EQUAL(reply, one("SELECT parent_id FROM notes WHERE id = " + confirm));
		CPPUNIT_ASSERT_EQUAL(std::string("Interview confirmed – Thursday 14:00"), one("SELECT subject FROM notes WHERE id = " + confirm));
		CPPUNIT_ASSERT(one("SELECT body FROM notes WHERE id = " + reply).find("My résumé is attached.") != std::string::npos);
		// Dave, a client contact, was on Cc of the confirmation.
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE person_kind = 'K'"));
		// The owner's ATS user (alice is user 1) is the author.
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT author_user_id FROM notes WHERE id = " + reply));
		CPPUNIT_ASSERT(one("SELECT imap_url FROM notes WHERE id = " + reply).find(";UID=") != std::string::npos);

		auto docs = rows("SELECT person_id, note_id, file_name, content_type FROM documents");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), docs.size());
		CPPUNIT_ASSERT_EQUAL(carol(), docs[0][0]);
		CPPUNIT_ASSERT_EQUAL(reply, docs[0][1]);
		CPPUNIT_ASSERT_EQUAL(std::string("Carol_Candidate_CV.pdf"), docs[0][2]);
		CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), docs[0][3]);

		// The newsletter and the out-of-office are skipped; Eve is staged.
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_unknown_sender WHERE address = 'eve@unknown.example'"
			" AND message_id = 'eve." + _tag + "@unknown.example'"));

		// Again: nothing new.
		sync::MailboxReport again = syncOnce(1);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), again.fetched);
		CPPUNIT_ASSERT_EQUAL(std::string("4"), one("SELECT COUNT(*) FROM notes"));

		// The recruiter's mail is untouched: nothing was marked read.
		auto client = imap(1);
		int seen = 0;
		client->session().command("EXAMINE In" + _tag);
		client->session().command("UID FETCH 1:* (FLAGS)", [&](const imap::Response& r) {
			if (r.kind == "FETCH" && std::find(r.fetch.flags.begin(), r.fetch.flags.end(), "\\Seen") != r.fetch.flags.end()) ++seen;
		});
		CPPUNIT_ASSERT_EQUAL(0, seen);
	}

	void testSameMessageInTwoMailboxes()
	{
		deliver(1, "In", demo("02-reply-with-resume.eml"));
		deliver(2, "In", demo("02-reply-with-resume.eml"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), syncOnce(1).logged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), syncOnce(2).logged);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM documents"));
		// Both mailboxes' ledgers point at the one activity.
		CPPUNIT_ASSERT_EQUAL(std::string("2"), one("SELECT COUNT(*) FROM mb_ledger WHERE message_id = 'reply-1." + _tag +
			"@example.net' AND activity_keys = '" + one("SELECT id FROM notes") + "'"));
	}

	void testUidValidityReset()
	{
		deliverConversation(1);
		syncOnce(1);
		CPPUNIT_ASSERT_EQUAL(std::string("4"), one("SELECT COUNT(*) FROM notes"));
		const TestEnv& env = TestEnv::instance();
		const std::string cmd = "doveadm -c '" + env.get("MB_DOVECOT_CONF") + "' mailbox update --uid-validity " +
			std::to_string(100000 + std::rand() % 100000) + " -u '" + env.get("MB_USER1") + "' In" + _tag;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(cmd, 0, std::system(cmd.c_str()));
		deliver(1, "In", "From: carol@example.net\r\nTo: alice@example.test\r\nSubject: after the reset\r\n"
			"Message-ID: <after." + _tag + "@example.net>\r\n\r\nStill interested.\r\n");
		syncOnce(1);
		CPPUNIT_ASSERT_EQUAL(std::string("5"), one("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE subject = 'after the reset'"));
	}

	void testRestartMidBackfill()
	{
		for (int i = 0; i < 7; ++i)
			deliver(1, "In", "From: carol@example.net\r\nTo: alice@example.test\r\nSubject: note " + std::to_string(i) +
				"\r\nMessage-ID: <n" + std::to_string(i) + "." + _tag + "@example.net>\r\n\r\nbody\r\n");
		service::ServiceConfig small = config("batch_size = 1\n");
		service::InboundParts parts;
		parts.ats = service::bindMapping(small);
		parts.parser = service::parseMessageForSync;
		parts.status = &_status;
		{
			// One pass takes four batches of one, then the process "dies".
			auto worker = service::makeInboundWorker(small, small.mailboxes[0], parts);
			worker->step(Poco::Timespan(0, 100000));
			worker->step(Poco::Timespan(0, 100000));
			CPPUNIT_ASSERT_EQUAL(std::string("4"), one("SELECT COUNT(*) FROM notes"));
		}
		syncOnce(1, &small);
		CPPUNIT_ASSERT_EQUAL(std::string("7"), one("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::string("7"), one("SELECT COUNT(DISTINCT message_id) FROM notes"));
	}

	void testBounceMarksAddress()
	{
		deliver(1, "In", "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: alice@example.test\r\n"
			"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn." + _tag + "@mx.example.org>\r\nMIME-Version: 1.0\r\n"
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
			"--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
			"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
			"Final-Recipient: rfc822; carol@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
			"Diagnostic-Code: smtp; 550 5.1.1 mailbox unknown\r\n--b--\r\n");
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT email_bounced FROM candidates WHERE id = " + carol()));
		syncOnce(1);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT email_bounced FROM candidates WHERE id = " + carol()));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE person_id = " + carol() + " AND person_kind = 'C'"));
		// Jane's address did not bounce.
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT email_bounced FROM candidates WHERE email = 'jane.doe@example.org'"));
	}

protected:
	virtual std::string name() const = 0;
	virtual std::string connectionString() const = 0;

private:
	std::string _tag;
	std::unique_ptr<OdbcConnection> _db;
	std::string _mappingFile;
	service::ServiceConfig _config;
	std::set<std::pair<int, std::string>> _folders;
	test::StatusRecorder _status;
};

#define MB_END_TO_END_TESTS(Fixture) \
	CPPUNIT_TEST_SUITE(Fixture); \
	CPPUNIT_TEST(testConversation); \
	CPPUNIT_TEST(testSameMessageInTwoMailboxes); \
	CPPUNIT_TEST(testUidValidityReset); \
	CPPUNIT_TEST(testRestartMidBackfill); \
	CPPUNIT_TEST(testBounceMarksAddress); \
	CPPUNIT_TEST_SUITE_END()

class PostgreSQLEndToEndTest: public EndToEndScenario
{
	MB_END_TO_END_TESTS(PostgreSQLEndToEndTest);

protected:
	std::string name() const override { return "postgresql"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_PG_ODBC"); }
};

class MariaDBEndToEndTest: public EndToEndScenario
{
	MB_END_TO_END_TESTS(MariaDBEndToEndTest);

protected:
	std::string name() const override { return "mariadb"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_MARIADB_ODBC"); }
};

class SQLiteEndToEndTest: public EndToEndScenario
{
	MB_END_TO_END_TESTS(SQLiteEndToEndTest);

protected:
	std::string name() const override { return "sqlite"; }
	std::string connectionString() const override
	{
		// A database of its own: the sample's table names must not meet others'.
		return "Driver=SQLite3;Database=" + Poco::Path::temp() + "mb-e2e-sqlite.db;";
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLEndToEndTest);
CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBEndToEndTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteEndToEndTest);
