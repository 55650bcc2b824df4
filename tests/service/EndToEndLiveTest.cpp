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
#include "connector/service/OutboxWorker.h"
#include "connector/service/UserMailboxes.h"
#include "connector/service/WorkerPool.h"
#include "mapping/store/ParamBinder.h"
#include "connector/mime/MessageParser.h"
#include "mapping/store/OdbcConnection.h"
#include "tests/common/MailDrop.h"
#include "tests/common/TestEnv.h"
#include "tests/service/ExampleAts.h"
#include "tests/service/MailStackSupport.h"
#include "tests/service/MailbridgeProcess.h"
#include "tests/service/TestAtsBinding.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/Random.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/Thread.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::test::TestEnv;
using mailbridge::test::readFile;

namespace {

const std::string ROOT = MB_SHARE_DIR;

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
		test::createModernAts(*_db, ROOT, name(), true);
		// The stack's databases outlive a test: no queue rows of an earlier run.
		_db->execute("DELETE FROM mb_outbox_recipient");
		_db->execute("DELETE FROM mb_outbox");

		_mappingFile = Poco::Path::temp() + "mb-e2e-" + _tag + ".xml";
		test::writeExampleMapping(ROOT, "modern.xml", connectionString(), "MB_E2E_DB_PW", _mappingFile);
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

	service::ServiceConfig config(const std::string& extraService, const std::string& extraDefaults = "",
		std::string smtpPort = "")
	{
		if (smtpPort.empty()) smtpPort = TestEnv::instance().get("MB_SUBMISSION_PORT");
		const TestEnv& env = TestEnv::instance();
		Poco::Environment::set("MB_E2E_PW1", env.get("MB_PASS1"));
		Poco::Environment::set("MB_E2E_PW2", env.get("MB_PASS2"));
		std::string text = "[service]\nmapping = " + _mappingFile + "\nwindow_days = 3650\n" + extraService +
			"[policy]\ninternal_domains = example.test\nunknown_sender = " + _unknownSender + "\n" + _extraPolicy +
			"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\nsmtp_host = " + env.get("MB_IMAP_HOST") +
			"\nsmtp_port = " + smtpPort + "\nsmtp_tls = starttls\n" + extraDefaults;
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
		// The reply (INBOX, synced first) answers the outreach (Sent, synced
		// after it): linked once the outreach's activity was written.
		CPPUNIT_ASSERT_EQUAL(outreach, one("SELECT parent_id FROM notes WHERE id = " + reply));
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
		// Logged as a bounce, not as ordinary mail from the candidate.
		CPPUNIT_ASSERT_EQUAL(std::string("BOUNCE"), one("SELECT note_type FROM notes WHERE person_id = " + carol()));
		// Jane's address did not bounce.
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT email_bounced FROM candidates WHERE email = 'jane.doe@example.org'"));
	}

	// Mail from outside, through OpenSMTPD and LMTP, under each policy.

	std::string sendInbound(int user, const std::string& id, const std::string& headers, const std::string& body)
	{
		// alice+In<tag>@ is delivered by the stack's Dovecot into In<tag>.
		const std::string address = TestEnv::instance().get("MB_USER" + std::to_string(user));
		const std::size_t at = address.find('@');
		const std::string messageId = id + "." + _tag + "@example.net";
		test::MailDrop::smtp(address.substr(0, at) + "+In" + _tag + address.substr(at), headers + "To: " + address +
			"\r\nSubject: " + id + "\r\nMessage-ID: <" + messageId + ">\r\n\r\n" + body + "\r\n");
		return messageId;
	}

	void waitDelivered(int user, const std::vector<std::string>& messageIds)
	{
		auto session = test::stackLogin("MB_USER" + std::to_string(user), "MB_PASS" + std::to_string(user));
		for (const std::string& id: messageIds)
		{
			Poco::Timestamp start;
			while (test::countCopies(*session, "In" + _tag, id) == 0)
			{
				CPPUNIT_ASSERT_MESSAGE("OpenSMTPD did not deliver " + id + " within 20 s", start.elapsed() < 20000000);
				Poco::Thread::sleep(200);
			}
		}
	}

	std::vector<std::vector<std::string>> notesOf(const std::string& messageId)
	{
		return rows("SELECT note_type, person_kind, person_id, body FROM notes WHERE message_id = '" + messageId +
			"' ORDER BY person_kind");
	}

	void testPoliciesThroughOpenSmtpd()
	{
		// The same kinds of mail to both recruiters (each message its own,
		// so neither finds the other's activity): alice's with bulk mail and
		// automatic replies skipped, bob's with them logged.
		_extraPolicy = "exclude_addresses = jane@home.example\nheader_only_domains = example.org\n";
		struct Sent { std::string plain, bulk, autoReply, headerOnly, excluded, doNotLog; };
		Sent sent[2];
		for (int user: {1, 2})
		{
			const std::string u = "u" + std::to_string(user) + "-";
			Sent& s = sent[user - 1];
			s.plain = sendInbound(user, u + "plain", "From: Carol Candidate <carol@example.net>\r\n", "Thanks for the call.");
			s.bulk = sendInbound(user, u + "bulk", "From: Carol Candidate <carol@example.net>\r\n"
				"List-Id: Carol's updates <updates.example.net>\r\nPrecedence: bulk\r\n", "My monthly update.");
			s.autoReply = sendInbound(user, u + "ooo", "From: Dave Developer <dave@example.net>\r\n"
				"Auto-Submitted: auto-replied\r\n", "I am out of the office.");
			s.headerOnly = sendInbound(user, u + "header-only", "From: Jane Doe <jane.doe@example.org>\r\n",
				"Private: my current salary.");
			s.excluded = sendInbound(user, u + "excluded", "From: Jane <jane@home.example>\r\nCc: carol@example.net\r\n",
				"From home.");
			s.doNotLog = sendInbound(user, u + "consent", "From: Rich Roe <rich@example.org>\r\n", "Please do not log me.");
			waitDelivered(user, {s.plain, s.bulk, s.autoReply, s.headerOnly, s.excluded, s.doNotLog});
		}

		const service::ServiceConfig skipping = config("");
		sync::MailboxReport skipped = syncOnce(1, &skipping);
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), skipped.fetched);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), skipped.logged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), skipped.errors);
		auto plain = notesOf(sent[0].plain);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), plain.size());
		CPPUNIT_ASSERT_EQUAL(std::string("EMAIL_IN"), plain[0][0]);
		CPPUNIT_ASSERT_EQUAL(carol(), plain[0][2]);
		CPPUNIT_ASSERT(plain[0][3].find("Thanks for the call.") != std::string::npos);
		// Carol's newsletter and Dave's out-of-office: known people, skipped by policy.
		CPPUNIT_ASSERT(notesOf(sent[0].bulk).empty());
		CPPUNIT_ASSERT(notesOf(sent[0].autoReply).empty());
		// Jane at a header-only domain: logged, without the body.
		auto headerOnly = notesOf(sent[0].headerOnly);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), headerOnly.size());
		CPPUNIT_ASSERT_EQUAL(std::string("NULL"), headerOnly[0][3]);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE subject = 'u1-header-only'"));
		// An excluded address keeps the whole message out, Carol on Cc too;
		// Rich's record says not to log his mail.
		CPPUNIT_ASSERT(notesOf(sent[0].excluded).empty());
		CPPUNIT_ASSERT(notesOf(sent[0].doNotLog).empty());
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT COUNT(*) FROM notes WHERE body LIKE '%salary%'"));

		_extraPolicy += "bulk = log\nauto_reply = log\n";
		const service::ServiceConfig logging = config("");
		sync::MailboxReport logged = syncOnce(2, &logging);
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), logged.fetched);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), logged.logged);
		CPPUNIT_ASSERT_EQUAL(std::string("EMAIL_IN"), notesOf(sent[1].plain).at(0)[0]);
		auto bulk = notesOf(sent[1].bulk);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), bulk.size());
		CPPUNIT_ASSERT_EQUAL(std::string("BULK"), bulk[0][0]);
		CPPUNIT_ASSERT_EQUAL(carol(), bulk[0][2]);
		auto autoReply = notesOf(sent[1].autoReply);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), autoReply.size());
		CPPUNIT_ASSERT_EQUAL(std::string("AUTO_REPLY"), autoReply[0][0]);
		CPPUNIT_ASSERT_EQUAL(std::string("K"), autoReply[0][1]);
		CPPUNIT_ASSERT(notesOf(sent[1].excluded).empty());
		CPPUNIT_ASSERT(notesOf(sent[1].doNotLog).empty());
		CPPUNIT_ASSERT_EQUAL(std::string("6"), one("SELECT COUNT(*) FROM notes"));
	}

	// Outbound: mailbridge's own queue, sent through Dovecot submission and
	// OpenSMTPD, filed in alice's Sent stand-in, logged through the mapping.

	std::string queue(const std::string& to, const std::string& subject, const std::string& sendAt = "")
	{
		const std::string me = TestEnv::instance().get("MB_USER1");
		mapping::SqlStatement insert;
		insert.text = "INSERT INTO mb_outbox (mailbox, to_addrs, subject, body_text, send_at) VALUES (?, ?, ?, ?, ?)";
		insert.params = {"mailbox", "to", "subject", "text", "send_at"};
		mapping::ParamBinder p;
		p.text("mailbox", me);
		p.text("to", to);
		p.text("subject", subject);
		p.text("text", "Dear Carol,\n\nsee you on Thursday.\n\nAlice");
		Poco::DateTime when;
		if (!sendAt.empty()) when = Poco::DateTime(Poco::Timestamp() + Poco::Timespan(std::stoi(sendAt), 0));
		p.timestamp("send_at", when);
		p.execute(_db->session(), insert);
		return one("SELECT MAX(id) FROM mb_outbox WHERE mailbox = '" + me + "'");
	}

	std::size_t sendOnce(const service::ServiceConfig& c, Poco::Timestamp now = Poco::Timestamp())
	{
		sync::OutboxOptions options;
		options.firstRetry = Poco::Timespan(1, 0);
		options.providerCopyWait = Poco::Timespan(3600, 0);
		return service::OutboxWorker(c.mailboxes[0], service::bindMapping(c), options).runOnce(now);
	}

	std::size_t countIn(int user, const std::string& folder, const std::string& messageId)
	{
		auto session = test::stackLogin("MB_USER" + std::to_string(user), "MB_PASS" + std::to_string(user));
		return static_cast<std::size_t>(test::countCopies(*session, folder, messageId.substr(1, messageId.size() - 2)));
	}

	std::size_t waitIn(int user, const std::string& folder, const std::string& messageId)
	{
		// Delivery through OpenSMTPD and LMTP happens after submission answers.
		Poco::Timestamp start;
		std::size_t n = 0;
		while ((n = countIn(user, folder, messageId)) == 0 && start.elapsed() < 20000000) Poco::Thread::sleep(200);
		return n;
	}

	void testOutboundSentFiledLogged()
	{
		const std::string id = queue("Carol Candidate <carol@example.net>", "Entretien confirmé – jeudi 14:00");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(_config));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		const std::string messageId = one("SELECT message_id FROM mb_outbox WHERE id = " + id);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), waitIn(3, "INBOX", messageId));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), countIn(1, "Out" + _tag, messageId));
		const std::string bare = messageId.substr(1, messageId.size() - 2);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE message_id = '" + bare + "'"));
		CPPUNIT_ASSERT_EQUAL(std::string("EMAIL_OUT"), one("SELECT note_type FROM notes WHERE message_id = '" + bare + "'"));
		CPPUNIT_ASSERT_EQUAL(std::string("Entretien confirmé – jeudi 14:00"),
			one("SELECT subject FROM notes WHERE message_id = '" + bare + "'"));
		CPPUNIT_ASSERT_EQUAL(carol(), one("SELECT person_id FROM notes WHERE message_id = '" + bare + "'"));
		// The inbound sync meets the filed copy in Sent and logs nothing new.
		syncOnce(1);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE message_id = '" + bare + "'"));
		// Nothing more to do.
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), sendOnce(_config));
	}

	void testScheduledSend()
	{
		const std::string id = queue("carol@example.net", "later", "3600");
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), sendOnce(_config));
		CPPUNIT_ASSERT_EQUAL(std::string("queued"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		// An hour later (the worker is told the time) it goes out.
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(_config, Poco::Timestamp() + Poco::Timespan(3601, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE id = " + id));
	}

	void testRefusedRecipient()
	{
		const std::string id = queue("carol@example.net, nobody@example.org", "two recipients");
		sendOnce(_config);
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		CPPUNIT_ASSERT_EQUAL(std::string("refused"),
			one("SELECT state FROM mb_outbox_recipient WHERE outbox_id = " + id + " AND address = 'nobody@example.org'"));
		CPPUNIT_ASSERT(one("SELECT smtp_reply FROM mb_outbox_recipient WHERE outbox_id = " + id +
			" AND address = 'nobody@example.org'").find("550") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), waitIn(3, "INBOX", one("SELECT message_id FROM mb_outbox WHERE id = " + id)));
	}

	void testSmtpDownThenBack()
	{
		const std::string id = queue("carol@example.net", "server down");
		// A port nobody listens on: the submission server is "down".
		service::ServiceConfig down = config("", "", std::to_string(TestEnv::instance().getInt("MB_SUBMISSION_PORT") + 50));
		sendOnce(down);
		CPPUNIT_ASSERT_EQUAL(std::string("retry"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		CPPUNIT_ASSERT(one("SELECT last_error FROM mb_outbox WHERE id = " + id) != "NULL");
		// Back up; the retry is due a little later.
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(_config, Poco::Timestamp() + Poco::Timespan(120, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), waitIn(3, "INBOX", one("SELECT message_id FROM mb_outbox WHERE id = " + id)));
	}

	void testCrashWhileSendingIsNotResentBlindly()
	{
		// A worker died in "sending" after the server took the message and it
		// was filed: the copy in Sent proves it went out, so it is not sent again.
		const std::string id = queue("carol@example.net", "sent before the crash");
		const std::string messageId = "<crash." + _tag + "@example.test>";
		_db->execute("UPDATE mb_outbox SET state = 'sending', message_id = '" + messageId +
			"', claimed_by = 'gone:1', claimed_at = send_at WHERE id = " + id);
		imap(1)->session().append("Out" + _tag, "(\\Seen)", "From: alice@example.test\r\nTo: carol@example.net\r\n"
			"Subject: sent before the crash\r\nMessage-ID: " + messageId + "\r\n\r\nhello\r\n");
		sync::OutboxOptions options;
		options.lease = Poco::Timespan(1, 0);
		service::OutboxWorker(_config.mailboxes[0], service::bindMapping(_config), options)
			.runOnce(Poco::Timestamp() + Poco::Timespan(7200, 0));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), countIn(1, "Out" + _tag, messageId));
		Poco::Thread::sleep(1500);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), countIn(3, "INBOX", messageId)); // not resent
	}

	void testAttachmentsArriveIntact()
	{
		const std::string id = queue("Carol Müller-Ünal <carol@example.net>", "Ihre Unterlagen – Résumé & Zeugnis");
		std::string resume(10 * 1024 * 1024, '\0');
		Poco::Random random;
		random.seed(7);
		for (char& c: resume) c = static_cast<char>(random.nextChar());
		const std::string certificatePath = Poco::Path::temp() + "mb-e2e-zeugnis-" + _tag + ".txt";
		const std::string certificate = "Arbeitszeugnis für Carol – sehr gut.\n";
		std::ofstream(certificatePath, std::ios::binary) << certificate;
		mapping::SqlStatement insert;
		insert.text = "INSERT INTO mb_outbox_attachment (outbox_id, seq_no, file_name, content_type, content, file_path)"
			" VALUES (?, ?, ?, ?, ?, ?)";
		insert.params = {"id", "seq", "name", "type", "content", "path"};
		const std::string resumePath = Poco::Path::temp() + "mb-e2e-resume-" + _tag + ".pdf";
		{
			mapping::ParamBinder p;
			p.integer("id", std::stoll(id));
			p.integer("seq", 1);
			p.text("name", "Lebenslauf_Müller.pdf");
			p.text("type", "application/pdf");
			if (blobsIntact())
			{
				p.blob("content", resume);
				p.null("path");
			}
			else
			{
				// The SQLite ODBC driver garbles BLOBs: a file, as mailbridge asks there.
				std::ofstream(resumePath, std::ios::binary) << resume;
				p.null("content");
				p.text("path", resumePath);
			}
			p.execute(_db->session(), insert);
		}
		{
			mapping::ParamBinder p;
			p.integer("id", std::stoll(id));
			p.integer("seq", 2);
			p.text("name", "Zeugnis.txt");
			p.text("type", "text/plain");
			p.null("content");
			p.text("path", certificatePath);
			p.execute(_db->session(), insert);
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(_config));
		Poco::File(certificatePath).remove();
		if (!blobsIntact()) Poco::File(resumePath).remove();
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		const std::string messageId = one("SELECT message_id FROM mb_outbox WHERE id = " + id);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), waitIn(3, "INBOX", messageId));

		// What carol received, read back with the parser.
		service::MailboxConfig carol = _config.mailboxes[0];
		carol.address = carol.user = TestEnv::instance().get("MB_USER3");
		carol.secret = service::Secret();
		carol.secret.value = TestEnv::instance().get("MB_PASS3");
		auto client = service::ImapMailboxClient::connect(carol, Poco::Timespan(1, 0));
		client->open("INBOX", 0, 0);
		const std::string bare = messageId.substr(1, messageId.size() - 2);
		imap::UidSet uids = client->session().uidSearch("HEADER Message-ID \"" + bare + "\"");
		std::string raw;
		client->fetch(uids.expand(), [&](sync::FetchedMessage& m) { raw = m.raw; });
		mime::Message m = mime::parseMessage(raw.data(), raw.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Ihre Unterlagen – Résumé & Zeugnis"), m.subject);
		CPPUNIT_ASSERT_EQUAL(std::string("Carol Müller-Ünal"), m.to.at(0).name);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Lebenslauf_Müller.pdf"), m.attachments[0].fileName);
		CPPUNIT_ASSERT_EQUAL(std::string("Zeugnis.txt"), m.attachments[1].fileName);
		std::ostringstream first, second;
		mime::streamAttachment(raw.data(), raw.size(), m.attachments[0], first);
		mime::streamAttachment(raw.data(), raw.size(), m.attachments[1], second);
		CPPUNIT_ASSERT_EQUAL_MESSAGE("the résumé's bytes", resume.size(), first.str().size());
		CPPUNIT_ASSERT(first.str() == resume);
		CPPUNIT_ASSERT_EQUAL(certificate, second.str());
		// The activity's documents hold the résumé too (the mapping takes PDFs up to 10 MB).
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM documents WHERE file_name = 'Lebenslauf_Müller.pdf'"));
	}

	void testRunStopsCleanly()
	{
		// The daemon as systemd runs it: started, syncing, then SIGTERM; it
		// must finish, log out and exit 0 (the unit restarts on anything else).
		deliver(1, "In", demo("02-reply-with-resume.eml"));
		const std::string conf = processConfig("run", "");
		test::RunningMailbridge daemon({"run", "--config=" + conf});
		Poco::Timestamp start;
		while (one("SELECT COUNT(*) FROM notes") == "0" && start.elapsed() < 30000000) Poco::Thread::sleep(100);
		std::string output;
		const int rc = daemon.stop(output);
		Poco::File(conf).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, rc);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("stopped") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes"));
	}

	std::string processConfig(const std::string& name, const std::string& extraService, std::string mappingFile = "")
		/// A configuration file for the executable: user1's mailbox, the test's folders.
	{
		if (mappingFile.empty()) mappingFile = _mappingFile;
		const std::string conf = Poco::Path::temp() + "mb-e2e-" + name + "-" + _tag + ".conf";
		const TestEnv& env = TestEnv::instance();
		std::ofstream(conf) << "[service]\nmapping = " << mappingFile << "\nwindow_days = 3650\nshare_dir = " << ROOT
			<< "\n" << extraService << "[policy]\ninternal_domains = example.test\n[mailbox user1]\naddress = "
			<< env.get("MB_USER1") << "\nhost = " << env.get("MB_IMAP_HOST") << "\nport = " << env.get("MB_IMAP_PORT")
			<< "\ntls = starttls\nca_file = " << env.get("MB_CA_FILE") << "\npassword_env = MB_E2E_PW1\ninbox = In" << _tag
			<< "\nsent = Out" << _tag << "\n";
		return conf;
	}

	std::string countWhileWritten(const std::string& select)
	{
		// Another process is writing: SQLite may answer "locked" for a moment.
		for (int attempt = 0;; ++attempt)
		{
			try
			{
				return one(select);
			}
			catch (Poco::Exception&)
			{
				if (attempt == 50) throw;
				Poco::Thread::sleep(20);
			}
		}
	}

	void testKilledMidBackfill()
	{
		// The process dies (SIGKILL, no chance to clean up) in the middle of
		// a backfill of small batches, likely inside a transaction; the next
		// run finishes the folder with no message lost and none twice.
		const int total = 600;
		{
			auto session = imap(1);
			for (int i = 0; i < total; ++i)
				session->session().append("In" + _tag, "", "From: carol@example.net\r\nTo: alice@example.test\r\nSubject: "
					"update " + std::to_string(i) + "\r\nMessage-ID: <k" + std::to_string(i) + "." + _tag +
					"@example.net>\r\n\r\nbody " + std::to_string(i) + "\r\n");
		}
		const std::string conf = processConfig("kill", "batch_size = 5\n");
		Poco::ProcessHandle first = Poco::Process::launch(MB_MAILBRIDGE_EXE, {"sync", "--once", "--config=" + conf}, nullptr, nullptr, nullptr);
		// Somewhere in the first two thirds: each run tries another point.
		Poco::Random random;
		random.seed();
		const int killAfter = 1 + static_cast<int>(random.next(total * 2 / 3));
		Poco::Timestamp start;
		while (std::stoi(countWhileWritten("SELECT COUNT(*) FROM notes")) < killAfter && start.elapsed() < 60000000)
			Poco::Thread::sleep(2);
		Poco::Process::kill(first);
		first.wait();
		const int atKill = std::stoi(countWhileWritten("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_MESSAGE("killed after " + std::to_string(killAfter) + " rows: too late, the backfill had finished",
			atKill > 0 && atKill < total);

		std::string output;
		const int rc = test::runMailbridge({"sync", "--once", "--config=" + conf}, output);
		Poco::File(conf).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, rc);
		CPPUNIT_ASSERT_EQUAL_MESSAGE("killed at " + std::to_string(atKill), std::to_string(total), one("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::to_string(total), one("SELECT COUNT(DISTINCT message_id) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::to_string(total), one("SELECT COUNT(*) FROM mb_message_activity WHERE message_key LIKE '<k%." +
			_tag + "@example.net>'"));
		CPPUNIT_ASSERT_EQUAL(std::to_string(total), one("SELECT COUNT(*) FROM mb_ledger WHERE folder = 'In" + _tag + "'"));
	}

	void testIdleDeliveryWithinTwoSeconds()
	{
		// The daemon's loop: a worker pool waits in IDLE on the inbox; a
		// message delivered over LMTP meanwhile is a row within 2 s.
		service::InboundParts parts;
		parts.ats = service::bindMapping(_config);
		parts.parser = service::parseMessageForSync;
		parts.status = &_status;
		std::vector<std::unique_ptr<service::MailboxWorker>> workers;
		workers.push_back(service::makeInboundWorker(_config, _config.mailboxes[0], parts));
		service::WorkerPool pool(std::move(workers), 1, Poco::Timespan(1, 0));
		pool.start();
		Poco::Timestamp waiting;
		while (_status.last("user1").state != "idle" && waiting.elapsed() < 60000000) Poco::Thread::sleep(20);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(_status.last("user1").lastError, std::string("idle"), _status.last("user1").state);
		Poco::Thread::sleep(300); // into IDLE

		const std::string address = TestEnv::instance().get("MB_USER1");
		const std::string messageId = "idle." + _tag + "@example.net";
		Poco::Timestamp sent;
		test::MailDrop::lmtp(address.substr(0, address.find('@')) + "+In" + _tag + address.substr(address.find('@')),
			"From: Carol Candidate <carol@example.net>\r\nTo: " + address + "\r\nSubject: available Monday\r\n"
			"Message-ID: <" + messageId + ">\r\n\r\nI can start Monday.\r\n");
		while (countWhileWritten("SELECT COUNT(*) FROM notes WHERE message_id = '" + messageId + "'") == "0" &&
			sent.elapsed() < 10000000)
			Poco::Thread::sleep(10);
		const double seconds = double(sent.elapsed()) / 1e6;
		pool.stop();
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE message_id = '" + messageId + "'"));
		CPPUNIT_ASSERT_MESSAGE("delivery to row took " + std::to_string(seconds) + " s", seconds < 2.0);
	}

	void testBadPasswordStopsOnlyThatMailbox()
	{
		// The daemon with two mailboxes, the first with a wrong password: it
		// is stopped with the server's reason in its status row, the second
		// is synced all the same, and the password is in no log line.
		const TestEnv& env = TestEnv::instance();
		const std::string wrong = "Wrong-" + _tag;
		Poco::Environment::set("MB_E2E_WRONG", wrong);
		deliver(2, "In", demo("02-reply-with-resume.eml"));
		const std::string conf = Poco::Path::temp() + "mb-e2e-badpw-" + _tag + ".conf";
		std::ofstream file(conf);
		file << "[service]\nmapping = " << _mappingFile << "\nwindow_days = 3650\nshare_dir = " << ROOT
			<< "\nlog_level = debug\n[policy]\ninternal_domains = example.test\n[defaults]\nhost = " << env.get("MB_IMAP_HOST")
			<< "\nport = " << env.get("MB_IMAP_PORT") << "\ntls = starttls\nca_file = " << env.get("MB_CA_FILE") << "\n";
		for (int user: {1, 2})
		{
			const std::string u = std::to_string(user);
			file << "[mailbox user" << u << "]\naddress = " << env.get("MB_USER" + u) << "\npassword_env = "
				<< (user == 1 ? "MB_E2E_WRONG" : "MB_E2E_PW2") << "\ninbox = In" << _tag << "\nsent = Out" << _tag << "\n";
		}
		file.close();
		test::RunningMailbridge daemon({"run", "--config=" + conf});
		Poco::Timestamp start;
		auto done = [&] {
			return countWhileWritten("SELECT COUNT(*) FROM notes") != "0" &&
				countWhileWritten("SELECT COUNT(*) FROM mb_mailbox_status WHERE mailbox = 'user1' AND last_error IS NOT NULL") == "1";
		};
		while (!done() && start.elapsed() < 30000000) Poco::Thread::sleep(100);
		std::string output;
		const int rc = daemon.stop(output);
		Poco::File(conf).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, rc);
		CPPUNIT_ASSERT_MESSAGE(output, output.find(wrong) == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("user1") != std::string::npos);
		auto status = rows("SELECT state, last_error FROM mb_mailbox_status WHERE mailbox = 'user1'");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), status.size());
		CPPUNIT_ASSERT_MESSAGE(status[0][1], status[0][1].find("AUTHENTICATIONFAILED") != std::string::npos);
		CPPUNIT_ASSERT(status[0][1].find(wrong) == std::string::npos);
		// user2's mail is in: the reply with the résumé, for carol.
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE person_id = " + carol() + " AND person_kind = 'C'"));
		auto other = rows("SELECT state, last_error FROM mb_mailbox_status WHERE mailbox = 'user2'");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), other.size());
		CPPUNIT_ASSERT_EQUAL_MESSAGE(other[0][0], std::string("NULL"), other[0][1]);
	}

	void testMappingThatDoesNotFitStopsAtStartup()
	{
		// A column the ATS's table does not have: the daemon names it with
		// its file:line and exits as a configuration error (78) before any
		// mail is read, instead of failing every batch.
		deliver(1, "In", demo("02-reply-with-resume.eml"));
		const std::string mappingFile = Poco::Path::temp() + "mb-e2e-unfit-" + _tag + ".xml";
		std::string mapping = readFile(_mappingFile);
		CPPUNIT_ASSERT(mapping.find("name=\"sender\"") != std::string::npos);
		Poco::replaceInPlace(mapping, std::string("name=\"sender\""), std::string("name=\"sender_addr\""));
		std::ofstream(mappingFile) << mapping;
		const std::string conf = processConfig("unfit", "", mappingFile);
		std::string output;
		const int rc = test::runMailbridge({"sync", "--once", "--config=" + conf}, output);
		Poco::File(conf).remove();
		Poco::File(mappingFile).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 78, rc);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("does not fit the database") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("sender_addr") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(output, output.find(mappingFile + ":") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT COUNT(*) FROM notes"));
	}

	void testUnknownSenderCreatesPerson()
	{
		_unknownSender = "create";
		service::ServiceConfig c = config("");
		auto mail = [&](const std::string& from, const std::string& id, const std::string& subject) {
			return "From: " + from + "\r\nTo: alice@example.test\r\nSubject: " + subject + "\r\nMessage-ID: <" + id + "." + _tag +
				"@applicant.example>\r\n\r\nPlease find my CV attached.\r\n";
		};
		// Two new applicants; Frank writes twice before the first sync.
		deliver(1, "In", mail("Erin Q. Applicant <Erin@Applicant.example>", "erin-1", "Application"));
		deliver(1, "In", mail("frank@applicant.example", "frank-1", "CV"));
		deliver(1, "In", mail("frank@applicant.example", "frank-2", "CV again"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), syncOnce(1, &c).logged);
		const std::string erin = one("SELECT id FROM candidates WHERE email = 'erin@applicant.example'");
		CPPUNIT_ASSERT_EQUAL(std::string("Erin Q."), one("SELECT first_name FROM candidates WHERE id = " + erin));
		CPPUNIT_ASSERT_EQUAL(std::string("Applicant"), one("SELECT last_name FROM candidates WHERE id = " + erin));
		CPPUNIT_ASSERT_EQUAL(std::string("Erin Q. Applicant"), one("SELECT full_name FROM candidates WHERE id = " + erin));
		// Owned by the recruiter whose mailbox it reached (alice is user 1).
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT owner_user_id FROM candidates WHERE id = " + erin));
		CPPUNIT_ASSERT_EQUAL(erin, one("SELECT person_id FROM notes WHERE message_id = 'erin-1." + _tag + "@applicant.example'"
			" AND person_kind = 'C'"));
		const std::string frank = one("SELECT id FROM candidates WHERE email = 'frank@applicant.example'");
		CPPUNIT_ASSERT_EQUAL(std::string("frank"), one("SELECT last_name FROM candidates WHERE id = " + frank));
		CPPUNIT_ASSERT_EQUAL(std::string("2"), one("SELECT COUNT(*) FROM notes WHERE person_id = " + frank + " AND person_kind = 'C'"));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT COUNT(*) FROM mb_unknown_sender WHERE address LIKE '%@applicant.example'"));

		// Erin writes again: the same person, a second activity.
		deliver(1, "In", mail("Erin Applicant <erin@applicant.example>", "erin-2", "Re: Application"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), syncOnce(1, &c).logged);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM candidates WHERE email = 'erin@applicant.example'"));
		CPPUNIT_ASSERT_EQUAL(std::string("2"), one("SELECT COUNT(*) FROM notes WHERE person_id = " + erin + " AND person_kind = 'C'"));
		CPPUNIT_ASSERT_EQUAL(std::string("4"), one("SELECT COUNT(*) FROM notes"));
	}

	std::string usersConfig(const std::string& extraService)
	{
		// No [mailbox] section: the users table's addresses are the mailboxes.
		const TestEnv& env = TestEnv::instance();
		Poco::Environment::set("MB_E2E_PW_ALICE_EXAMPLE_TEST", env.get("MB_PASS1"));
		Poco::Environment::set("MB_E2E_PW_BOB_EXAMPLE_TEST", env.get("MB_PASS2"));
		return "[service]\nmapping = " + _mappingFile + "\nwindow_days = 3650\nmailboxes_from_users = yes\n" + extraService +
			"[policy]\ninternal_domains = example.test\n"
			"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\npassword_env = MB_E2E_PW_{address}\n"
			"inbox = In" + _tag + "\nsent = Out" + _tag + "\n";
	}

	void testMailboxesFromUsers()
	{
		_db->execute("UPDATE users SET active = 0 WHERE email = 'bob@example.test'");
		service::ServiceConfig c = service::ServiceConfig::parse(usersConfig(""), "users.conf", Poco::Path::temp());
		CPPUNIT_ASSERT(c.mailboxes.empty());
		std::shared_ptr<const service::AtsBinding> ats = service::bindMapping(c);
		// Bob is not active: the users filter leaves him out.
		const std::vector<std::string> users = ats->userAddresses(*_db);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), users.size());
		CPPUNIT_ASSERT_EQUAL(TestEnv::instance().get("MB_USER1"), users[0]);
		const std::vector<service::MailboxConfig> mailboxes = service::UserMailboxes::merge(c, users);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), mailboxes.size());

		deliver(1, "In", demo("02-reply-with-resume.eml"));
		service::InboundParts parts;
		parts.ats = ats;
		parts.parser = service::parseMessageForSync;
		parts.status = &_status;
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), service::makeInboundWorker(c, mailboxes[0], parts)->runOnce().logged);
		CPPUNIT_ASSERT_EQUAL(carol(), one("SELECT person_id FROM notes WHERE message_id = 'reply-1." + _tag + "@example.net'"));
		// The owner is the user whose row made the mailbox.
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT author_user_id FROM notes"));
	}

	void testRunPicksUpUsersAddedAndRemoved()
	{
		// The daemon with mailboxes_from_users: bob is not a user yet.
		_db->execute("UPDATE users SET active = 0 WHERE email = 'bob@example.test'");
		deliver(1, "In", demo("02-reply-with-resume.eml"));
		deliver(2, "In", "From: carol@example.net\r\nTo: bob@example.test\r\nSubject: for bob\r\n"
			"Message-ID: <bob." + _tag + "@example.net>\r\n\r\nHello Bob.\r\n");
		const std::string conf = Poco::Path::temp() + "mb-e2e-users-" + _tag + ".conf";
		std::ofstream(conf) << usersConfig("people_poll_seconds = 10\nshare_dir = " + ROOT + "\n");
		test::RunningMailbridge daemon({"run", "--config=" + conf});
		auto waitFor = [&](const std::string& select, const std::string& value, int seconds) {
			Poco::Timestamp start;
			while (one(select) != value && start.elapsed() < Poco::Timestamp::TimeDiff(seconds) * 1000000) Poco::Thread::sleep(100);
			return one(select) == value;
		};
		const bool alice = waitFor("SELECT COUNT(*) FROM notes", "1", 30);
		Poco::Thread::sleep(1000);
		const std::string bobBefore = one("SELECT COUNT(*) FROM notes WHERE subject = 'for bob'");
		// Bob joins: his mailbox is started at the next poll of the users table.
		_db->execute("UPDATE users SET active = 1 WHERE email = 'bob@example.test'");
		const bool bob = waitFor("SELECT COUNT(*) FROM notes WHERE subject = 'for bob'", "1", 40);
		// Alice leaves: her mailbox is stopped, so new mail is not logged.
		_db->execute("UPDATE users SET active = 0 WHERE email = 'alice@example.test'");
		Poco::Thread::sleep(12000);
		deliver(1, "In", "From: carol@example.net\r\nTo: alice@example.test\r\nSubject: after alice left\r\n"
			"Message-ID: <left." + _tag + "@example.net>\r\n\r\nHello?\r\n");
		Poco::Thread::sleep(3000);
		std::string output;
		const int rc = daemon.stop(output);
		Poco::File(conf).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, rc);
		CPPUNIT_ASSERT_MESSAGE(output, alice);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, std::string("0"), bobBefore);
		CPPUNIT_ASSERT_MESSAGE(output, bob);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("mailbox bob@example.test: new in the users table") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("mailbox alice@example.test: no longer in the users table") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, std::string("0"), one("SELECT COUNT(*) FROM notes WHERE subject = 'after alice left'"));
	}

	void testSqliteBlobAttachmentRefused()
	{
		const std::string id = queue("carol@example.net", "blob on SQLite");
		_db->execute("INSERT INTO mb_outbox_attachment (outbox_id, seq_no, file_name, content) VALUES (" + id +
			", 1, 'cv.pdf', X'00FF00FF')");
		sendOnce(_config);
		CPPUNIT_ASSERT_EQUAL(std::string("failed"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		CPPUNIT_ASSERT(one("SELECT last_error FROM mb_outbox WHERE id = " + id).find("file_path") != std::string::npos);
	}

	void testQueuedWithoutSendAtGoesNow()
	{
		// The ATS inserts rows without send_at, from a session whose clock
		// runs ahead of UTC: the default is UTC, so the row is due at once.
		if (!aheadOfUtc().empty()) _db->execute(aheadOfUtc());
		_db->execute("INSERT INTO mb_outbox (mailbox, to_addrs, subject, body_text) VALUES ('" +
			TestEnv::instance().get("MB_USER1") + "', 'carol@example.net', 'no send_at', 'Hello')");
		// A second later at most (the drivers bind whole seconds), not hours.
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(_config, Poco::Timestamp() + Poco::Timespan(1, 0)));
	}

	void testProviderFilesSent()
	{
		service::ServiceConfig provider = config("", "provider_files_sent = yes\n");
		const std::string id = queue("carol@example.net", "provider files it");
		sendOnce(provider);
		const std::string messageId = one("SELECT message_id FROM mb_outbox WHERE id = " + id);
		CPPUNIT_ASSERT(one("SELECT state FROM mb_outbox WHERE id = " + id) != "logged"); // waiting for the copy
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), countIn(1, "Out" + _tag, messageId));
		// The provider files its copy, as Gmail and Microsoft 365 do.
		imap(1)->session().append("Out" + _tag, "(\\Seen)", "From: alice@example.test\r\nTo: carol@example.net\r\n"
			"Subject: provider files it\r\nMessage-ID: " + messageId + "\r\n\r\nDear Carol\r\n");
		// Looked for again once the claim's lease (10 minutes) has run out.
		sendOnce(provider, Poco::Timestamp() + Poco::Timespan(700, 0));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE id = " + id));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), countIn(1, "Out" + _tag, messageId));
		CPPUNIT_ASSERT(one("SELECT filed_uid FROM mb_outbox WHERE id = " + id) != "0");
	}

protected:
	virtual std::string name() const = 0;
	virtual std::string aheadOfUtc() const { return ""; }
	virtual bool blobsIntact() const { return true; }
		///< a statement putting this session's clock ahead of UTC
	virtual std::string connectionString() const = 0;

private:
	std::string _tag;
	std::unique_ptr<OdbcConnection> _db;
	std::string _mappingFile;
	service::ServiceConfig _config;
	std::set<std::pair<int, std::string>> _folders;
	std::string _unknownSender = "stage";
	std::string _extraPolicy;
	test::StatusRecorder _status;
};

#define MB_END_TO_END_TESTS(Fixture) \
	CPPUNIT_TEST_SUITE(Fixture); \
	MB_END_TO_END_COMMON_TESTS \
	CPPUNIT_TEST_SUITE_END()

#define MB_END_TO_END_COMMON_TESTS \
	CPPUNIT_TEST(testConversation); \
	CPPUNIT_TEST(testSameMessageInTwoMailboxes); \
	CPPUNIT_TEST(testUidValidityReset); \
	CPPUNIT_TEST(testRestartMidBackfill); \
	CPPUNIT_TEST(testKilledMidBackfill); \
	CPPUNIT_TEST(testIdleDeliveryWithinTwoSeconds); \
	CPPUNIT_TEST(testBadPasswordStopsOnlyThatMailbox); \
	CPPUNIT_TEST(testBounceMarksAddress); \
	CPPUNIT_TEST(testPoliciesThroughOpenSmtpd); \
	CPPUNIT_TEST(testOutboundSentFiledLogged); \
	CPPUNIT_TEST(testScheduledSend); \
	CPPUNIT_TEST(testRefusedRecipient); \
	CPPUNIT_TEST(testSmtpDownThenBack); \
	CPPUNIT_TEST(testCrashWhileSendingIsNotResentBlindly); \
	CPPUNIT_TEST(testProviderFilesSent); \
	CPPUNIT_TEST(testQueuedWithoutSendAtGoesNow); \
	CPPUNIT_TEST(testAttachmentsArriveIntact); \
	CPPUNIT_TEST(testMailboxesFromUsers); \
	CPPUNIT_TEST(testUnknownSenderCreatesPerson);

class PostgreSQLEndToEndTest: public EndToEndScenario
{
	MB_END_TO_END_TESTS(PostgreSQLEndToEndTest);

protected:
	std::string name() const override { return "postgresql"; }
	std::string aheadOfUtc() const override { return "SET TIME ZONE 'Asia/Karachi'"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_PG_ODBC"); }
};

class MariaDBEndToEndTest: public EndToEndScenario
{
	MB_END_TO_END_TESTS(MariaDBEndToEndTest);

protected:
	std::string name() const override { return "mariadb"; }
	std::string aheadOfUtc() const override { return "SET time_zone = '+05:00'"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_MARIADB_ODBC"); }
};

class SQLiteEndToEndTest: public EndToEndScenario
{
	CPPUNIT_TEST_SUITE(SQLiteEndToEndTest);
	MB_END_TO_END_COMMON_TESTS
	CPPUNIT_TEST(testSqliteBlobAttachmentRefused);
	CPPUNIT_TEST(testRunStopsCleanly);
	CPPUNIT_TEST(testMappingThatDoesNotFitStopsAtStartup);
	CPPUNIT_TEST(testRunPicksUpUsersAddedAndRemoved);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string name() const override { return "sqlite"; }
	bool blobsIntact() const override { return false; }
	std::string connectionString() const override
	{
		return "Driver=SQLite3;Database=" + _file + ";";
	}

public:
	void setUp() override
	{
		// A database of its own: the sample's table names must not meet others'.
		_file = Poco::Path::temp() + "mb-e2e-" + std::to_string(Poco::Timestamp().epochMicroseconds()) + ".db";
		EndToEndScenario::setUp();
	}

	void tearDown() override
	{
		EndToEndScenario::tearDown();
		Poco::File(_file).remove();
	}

private:
	std::string _file;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLEndToEndTest);
CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBEndToEndTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteEndToEndTest);
