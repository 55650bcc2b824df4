//
// OutboxQueueLiveTest.cpp
//
// The DBA's own queue (the legacy example's MAIL_QUEUE and its <outbound>
// mapping) as the daemon's outbox worker drives it, against the stack's
// Dovecot submission and IMAP and each of PostgreSQL, MariaDB and SQLite:
// a due row is sent once, filed once, logged once and marked sent with its
// Message-ID; a refused recipient marks it failed with the reason; a row
// not yet due, or another recruiter's, is left alone; a worker that dies
// after the APPEND leaves its heir nothing to send or file again. From
// carries the recruiter's name from USERS. One scenario, one subclass per
// database.
//

#include "connector/mime/MessageParser.h"
#include "connector/service/ImapMailboxClient.h"
#include "connector/service/ImapSentFiler.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/OdbcOutboxComposer.h"
#include "connector/service/OdbcOutboxStore.h"
#include "connector/service/OutboxQueueFeed.h"
#include "connector/service/OutboxWorker.h"
#include "connector/service/SmtpOutboxSender.h"
#include "connector/service/UserSenders.h"
#include "mapping/model/MappingParser.h"
#include "mapping/sql/SqlScript.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/SchemaInstaller.h"
#include "tests/common/TestEnv.h"
#include "tests/service/ExampleAts.h"
#include "tests/service/MailStackSupport.h"
#include "tests/service/MailbridgeProcess.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <unistd.h>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::test::TestEnv;
using mailbridge::test::readFile;

namespace {

const std::string ROOT = MB_SHARE_DIR;

struct Crash {};
	/// Not a std::exception: nothing in the state machine catches it, as
	/// nothing survives a killed process.

class CrashAfterAppend: public sync::SentFiler
	/// Appends to Sent, then dies before `filed` is committed.
{
public:
	explicit CrashAfterAppend(sync::SentFiler& real): _real(real) {}
	bool filesSentItself() const override { return _real.filesSentItself(); }
	std::uint32_t find(const std::string& messageId) override { return _real.find(messageId); }
	std::uint32_t file(const std::string& message, Poco::Timestamp date) override
	{
		_real.file(message, date);
		throw Crash();
	}

private:
	sync::SentFiler& _real;
};

class NoLedger: public sync::ActivityLogger
{
public:
	bool logged(const std::string&) override { return false; }
	void log(const sync::OutboxItem&, const std::string&) override { throw Crash(); }
};

std::string utc(Poco::Timestamp t)
{
	return Poco::DateTimeFormatter::format(t, "%Y-%m-%d %H:%M:%S");
}

} // namespace

class OutboxQueueScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		_db.reset(new OdbcConnection(connectionString()));
		for (const char* t: {"ACTIONS", "MAIL_QUEUE", "COUNTERS", "CLIENT_CONTACT", "CAND", "USERS"})
		{
			try { _db->execute("DROP TABLE " + quoted(t)); } catch (std::exception&) {}
		}
		for (const std::string& s: mapping::SqlScript::split(readFile(ROOT + "/mapping/examples/legacy." + name() + ".sql")))
			_db->execute(s);
		mapping::SchemaInstaller(*_db, ROOT).install();
		// The queue's keys start at 1 on every run: no copies of an earlier run's rows.
		_db->execute("DELETE FROM mb_outbox_recipient WHERE outbox_id IN (SELECT id FROM mb_outbox WHERE queue_key IS NOT NULL)");
		_db->execute("DELETE FROM mb_outbox_attachment WHERE outbox_id IN (SELECT id FROM mb_outbox WHERE queue_key IS NOT NULL)");
		_db->execute("DELETE FROM mb_outbox WHERE queue_key IS NOT NULL");
		// bob is a candidate, so the sent message is logged as his activity.
		_db->execute("INSERT INTO " + quoted("CAND") + " (" + quoted("CAND_ID") + ", " + quoted("SURNAME") + ", "
			+ quoted("EMAIL") + ", " + quoted("CONSULTANT") + ") VALUES ('C000000009', 'BOB', 'bob@example.test', 'AR')");

		_mappingFile = Poco::Path::temp() + "mb-queue-" + _tag + ".xml";
		test::writeExampleMapping(ROOT, mappingName(), connectionString(), "MB_QUEUE_DB_PW", _mappingFile);

		Poco::Environment::set("MB_QUEUE_PW1", TestEnv::instance().get("MB_PASS1"));
		_config = service::ServiceConfig::parse(configText(), "queue.conf", Poco::Path::temp());
		auto client = service::ImapMailboxClient::connect(_config.mailboxes[0], Poco::Timespan(1, 0));
		client->session().command("CREATE Sent" + _tag);
	}

	void tearDown() override
	{
		// setUp may have failed part way (the stack down): clean up only what exists.
		try
		{
			if (!_config.mailboxes.empty())
			{
				auto client = service::ImapMailboxClient::connect(_config.mailboxes[0], Poco::Timespan(1, 0));
				client->session().command("DELETE Sent" + _tag);
			}
		}
		catch (...)
		{
		}
		_db.reset();
		if (!_mappingFile.empty() && Poco::File(_mappingFile).exists()) Poco::File(_mappingFile).remove();
	}

	void queue(int id, const std::string& to, const std::string& user, const std::string& sendAt)
	{
		_db->execute("INSERT INTO " + quoted("MAIL_QUEUE") + " (" + quoted("MQ_ID") + ", " + quoted("TO_ADDR") + ", "
			+ quoted("SUBJECT") + ", " + quoted("BODY") + ", " + quoted("USER_CODE") + ", " + quoted("CAND_ID") + ", "
			+ quoted("SEND_AT") + ") VALUES (" + std::to_string(id) + ", '" + to + "', 'Interview " + _tag + "', "
			"'Dear Bob,\nsee you on Tuesday.\n', '" + user + "', 'C000000009', " + (sendAt.empty() ? "NULL" : "'" + sendAt + "'") + ")");
	}

	std::string one(const std::string& select)
	{
		Poco::Data::Statement stmt(_db->session());
		stmt << select;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		if (!rs.moveFirst() || rs.value(0).isEmpty()) return "NULL";
		return Poco::trimRight(rs.value(0).convert<std::string>());
	}

	std::string queueColumn(const std::string& column, int id)
	{
		return one("SELECT " + quoted(column) + " FROM " + quoted("MAIL_QUEUE") + " WHERE " + quoted("MQ_ID") + " = " + std::to_string(id));
	}

	std::size_t sendOnce(Poco::Timestamp now = Poco::Timestamp())
	{
		return service::OutboxWorker(_config.mailboxes[0], service::bindMapping(_config), sync::OutboxOptions()).runOnce(now);
	}

	mime::Message delivered(const std::string& messageId)
	{
		// bob's copy, as the recipient's mail program reads it.
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER2", "MB_PASS2", messageId));
		const TestEnv& env = TestEnv::instance();
		service::MailboxConfig bob = _config.mailboxes[0];
		bob.address = bob.user = env.get("MB_USER2");
		Poco::Environment::set("MB_QUEUE_PW2", env.get("MB_PASS2"));
		bob.secret.env = "MB_QUEUE_PW2";
		auto client = service::ImapMailboxClient::connect(bob, Poco::Timespan(1, 0));
		client->open("INBOX", 0, 0);
		imap::UidSet found = client->session().uidSearch("HEADER Message-ID \"" + messageId + "\"");
		std::string raw;
		client->fetch(found.expand(), [&raw](sync::FetchedMessage& m) { raw = m.raw; });
		return mime::MessageParser().parse(raw.data(), raw.size());
	}

	void testQueuedRowSentFiledLoggedMarked()
	{
		const TestEnv& env = TestEnv::instance();
		Poco::Timestamp now;
		queue(1, "Bob <" + env.get("MB_USER2") + ">", "AR", utc(now - Poco::Timespan(60, 0).totalMicroseconds()));
		queue(2, env.get("MB_USER2"), "AR", utc(now + Poco::Timespan(3600, 0).totalMicroseconds())); // not yet due
		queue(3, env.get("MB_USER2"), "BR", "");                                                    // bob's to send

		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(now));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE queue_key = '1'"));
		const std::string messageId = one("SELECT message_id FROM mb_outbox WHERE queue_key = '1'");
		const std::string bare = messageId.substr(1, messageId.size() - 2);
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 1));
		CPPUNIT_ASSERT_EQUAL(bare, queueColumn("MSG_ID", 1));
		CPPUNIT_ASSERT_EQUAL(std::string("Q"), queueColumn("MQ_STATUS", 2));
		CPPUNIT_ASSERT_EQUAL(std::string("Q"), queueColumn("MQ_STATUS", 3));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT COUNT(*) FROM mb_outbox WHERE queue_key IN ('2', '3')"));

		// Sent once, filed once, logged once (one activity for bob, one ledger row).
		auto imap = test::stackLogin("MB_USER1", "MB_PASS1");
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*imap, "Sent" + _tag, bare));
		imap->logout();
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_ledger WHERE message_id = '" + bare + "'"));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM " + quoted("ACTIONS") + " WHERE "
			+ quoted("REF_ID") + " = 'C000000009' AND " + quoted("ACT_TYPE") + " = 'EMO'"));

		// The recruiter's name from USERS, not the configured one.
		mime::Message message = delivered(bare);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), message.from.size());
		CPPUNIT_ASSERT_EQUAL(std::string("ALICE R"), message.from[0].name);
		CPPUNIT_ASSERT_EQUAL(env.get("MB_USER1"), message.from[0].address);
		CPPUNIT_ASSERT_EQUAL(std::string("Interview " + _tag), message.subject);

		// Polled again, also once every claim would have run out: nothing new.
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), sendOnce(now));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_outbox WHERE queue_key = '1'"));
		// An hour on, row 2 is due: it goes out, and row 1 not again.
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(now + Poco::Timespan(3601, 0).totalMicroseconds()));
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 2));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_ledger WHERE message_id = '" + bare + "'"));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_outbox WHERE queue_key = '1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("Q"), queueColumn("MQ_STATUS", 3));
	}

	void testRefusedRecipientMarksFailed()
	{
		// OpenSMTPD does not serve example.org: 550 at RCPT TO.
		queue(1, "nobody@example.org", "AR", "");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce());
		CPPUNIT_ASSERT_EQUAL(std::string("failed"), one("SELECT state FROM mb_outbox WHERE queue_key = '1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("F"), queueColumn("MQ_STATUS", 1));
		const std::string reason = queueColumn("ERR_TEXT", 1);
		CPPUNIT_ASSERT_MESSAGE(reason, reason.find("every recipient refused") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(reason, reason.find("550") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(reason, reason.find("nobody@example.org") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("NULL"), queueColumn("MSG_ID", 1));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), sendOnce());
	}

	void testConfiguredNameWithoutUsersName()
	{
		// Without display-name-column, From carries the mailbox's configured name.
		std::string xml = readFile(_mappingFile);
		Poco::replaceInPlace(xml, std::string(" display-name-column=\"USER_NAME\""), std::string());
		std::ofstream(_mappingFile) << xml;
		queue(1, TestEnv::instance().get("MB_USER2"), "AR", "");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce());
		const std::string messageId = one("SELECT message_id FROM mb_outbox WHERE queue_key = '1'");
		mime::Message message = delivered(messageId.substr(1, messageId.size() - 2));
		CPPUNIT_ASSERT_EQUAL(std::string("Alice from the configuration"), message.from.at(0).name);
	}

	void testCrashAfterAppendNeitherSentNorFiledTwice()
	{
		// A worker copies the row, marks it sending, sends it and appends it
		// to Sent, then dies before `filed` is committed. Its heir takes the
		// row over once the lease ran out, finds the copy in Sent, logs it
		// and marks the DBA's row sent: one delivery, one copy, one activity.
		const TestEnv& env = TestEnv::instance();
		queue(1, env.get("MB_USER2"), "AR", "");
		Poco::Timestamp now;
		sync::OutboxOptions options;
		options.mailbox = _config.mailboxes[0].address;
		options.worker = "dead-" + std::to_string(::getpid());
		{
			OdbcConnection db(connectionString());
			const mapping::Mapping m = mapping::MappingParser::parseFile(_mappingFile);
			service::UserSenders senders(db, m);
			service::OutboxQueueFeed feed(db, m, _config.mailboxes[0], senders);
			service::OdbcOutboxStore store(db);
			store.afterTransition([&feed](const sync::OutboxItem& item, sync::OutboxState expected) { feed.marked(item, expected); });
			service::OdbcOutboxComposer composer(db);
			smtp::SmtpSender smtp(test::aliceSubmission());
			service::SmtpOutboxSender sender(smtp);
			auto imap = test::stackLogin("MB_USER1", "MB_PASS1");
			service::ImapSentFiler filer(*imap, false, "Sent" + _tag);
			CrashAfterAppend dying(filer);
			NoLedger ledger;
			sync::OutboxProcessor processor(store, composer, sender, dying, ledger, options);
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), feed.takeDue(now));
			CPPUNIT_ASSERT_EQUAL(std::size_t(0), feed.takeDue(now)); // copied once
			CPPUNIT_ASSERT_THROW(processor.runOnce(now), Crash);
		}
		CPPUNIT_ASSERT_EQUAL(std::string("accepted"), one("SELECT state FROM mb_outbox WHERE queue_key = '1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("S"), queueColumn("MQ_STATUS", 1));
		const std::string messageId = one("SELECT message_id FROM mb_outbox WHERE queue_key = '1'");
		const std::string bare = messageId.substr(1, messageId.size() - 2);

		// Still claimed by the dead worker: the heir leaves it until the lease ends.
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), sendOnce(now + options.lease.totalMicroseconds() / 2));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(now + options.lease.totalMicroseconds()));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE queue_key = '1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 1));
		CPPUNIT_ASSERT_EQUAL(bare, queueColumn("MSG_ID", 1));
		auto imap = test::stackLogin("MB_USER1", "MB_PASS1");
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*imap, "Sent" + _tag, bare));
		imap->logout();
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER2", "MB_PASS2", bare));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_ledger WHERE message_id = '" + bare + "'"));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_outbox WHERE queue_key = '1'"));
	}

	void testSendAtAsDateTimeColumn()
	{
		// The DBA's send-at as a real date/time column rather than text; where
		// there is none (SQLite), as ISO 8601 text with a zone.
		const bool column = !dateTimeColumn().empty();
		if (column) _db->execute(dateTimeColumn());
		auto when = [column](Poco::Timestamp t) {
			return column ? utc(t) : Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%S") + "+00:00";
		};
		const TestEnv& env = TestEnv::instance();
		Poco::Timestamp now;
		queue(1, env.get("MB_USER2"), "AR", when(now - Poco::Timespan(60, 0).totalMicroseconds()));
		queue(2, env.get("MB_USER2"), "AR", when(now + Poco::Timespan(3600, 0).totalMicroseconds()));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(now));
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 1));
		CPPUNIT_ASSERT_EQUAL(std::string("Q"), queueColumn("MQ_STATUS", 2));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(now + Poco::Timespan(3601, 0).totalMicroseconds()));
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 2));
	}

	void testBadSendAtFailsThatRowOnly()
	{
		queue(1, TestEnv::instance().get("MB_USER2"), "AR", "next week");
		queue(2, TestEnv::instance().get("MB_USER2"), "AR", "");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce());
		CPPUNIT_ASSERT_EQUAL(std::string("F"), queueColumn("MQ_STATUS", 1));
		CPPUNIT_ASSERT_EQUAL(std::string("send-at \"next week\" is not a date"), queueColumn("ERR_TEXT", 1));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one("SELECT COUNT(*) FROM mb_outbox WHERE queue_key = '1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 2));
	}

	void testOthersRowsDoNotHideOne()
	{
		// More of bob's rows than one poll reads come first in key order;
		// alice's row after them still goes, at the next poll.
		const std::string bob = TestEnv::instance().get("MB_USER2");
		_db->transaction("bob's rows", [&] {
			for (int id = 1; id <= int(service::OutboxQueueFeed::BATCH) + 20; ++id) queue(id, bob, "BR", "");
		});
		const int mine = int(service::OutboxQueueFeed::BATCH) + 21;
		queue(mine, bob, "AR", "");
		service::OutboxWorker worker(_config.mailboxes[0], service::bindMapping(_config), sync::OutboxOptions());
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), worker.runOnce());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), worker.runOnce());
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", mine));
		CPPUNIT_ASSERT_EQUAL(std::string("Q"), queueColumn("MQ_STATUS", 1));
		// The window starts again from the top once it came back short.
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), worker.runOnce());
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_outbox WHERE queue_key IS NOT NULL"));
		worker.close();
	}

	void testRefusedMarkUndoesTheStepUntilFixed()
	{
		// The DBA's sent mark names a column that is not there: the message
		// is sent, filed and logged, but the move to logged is undone and the
		// row waits, claimed, with the DBA's row still 'S'. Fixed, the next
		// worker (once the claim ran out) marks it, sending nothing again.
		const std::string good = readFile(_mappingFile);
		std::string broken = good;
		const std::string mark = "<mark state=\"sent\" column=\"MQ_STATUS\"";
		CPPUNIT_ASSERT(broken.find(mark) != std::string::npos);
		broken.replace(broken.find(mark), mark.size(), "<mark state=\"sent\" column=\"NO_SUCH\"");
		std::ofstream(_mappingFile) << broken;
		queue(1, TestEnv::instance().get("MB_USER2"), "AR", "");
		Poco::Timestamp now;
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(now));
		CPPUNIT_ASSERT_EQUAL(std::string("filed"), one("SELECT state FROM mb_outbox WHERE queue_key = '1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("S"), queueColumn("MQ_STATUS", 1));
		const std::string messageId = one("SELECT message_id FROM mb_outbox WHERE queue_key = '1'");
		const std::string bare = messageId.substr(1, messageId.size() - 2);

		std::ofstream(_mappingFile) << good;
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sendOnce(now + sync::OutboxOptions().lease.totalMicroseconds()));
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), one("SELECT state FROM mb_outbox WHERE queue_key = '1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 1));
		CPPUNIT_ASSERT_EQUAL(bare, queueColumn("MSG_ID", 1));
		auto imap = test::stackLogin("MB_USER1", "MB_PASS1");
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*imap, "Sent" + _tag, bare));
		imap->logout();
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER2", "MB_PASS2", bare));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_ledger WHERE message_id = '" + bare + "'"));
	}

	void testMarksFollowTheMoves()
	{
		// Each move of the state machine and the mark it gives the DBA's row.
		queue(1, TestEnv::instance().get("MB_USER2"), "AR", "");
		OdbcConnection db(connectionString());
		const mapping::Mapping m = mapping::MappingParser::parseFile(_mappingFile);
		service::UserSenders senders(db, m);
		service::OutboxQueueFeed feed(db, m, _config.mailboxes[0], senders);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), feed.takeDue(Poco::Timestamp()));
		sync::OutboxItem item;
		item.id = std::stoll(one("SELECT id FROM mb_outbox WHERE queue_key = '1'"));
		item.messageId = "<m1." + _tag + "@example.test>";
		sync::OutboxRecipient took, later;
		took.address = "a@example.test";
		took.state = sync::OutboxRecipient::Accepted;
		later.address = "b@example.test";
		later.state = sync::OutboxRecipient::Deferred;

		item.state = sync::OutboxState::Sending;
		feed.marked(item, sync::OutboxState::Claimed);
		CPPUNIT_ASSERT_EQUAL(std::string("S"), queueColumn("MQ_STATUS", 1));
		// Filed for the one who took it, the other deferred: it went out.
		item.state = sync::OutboxState::Retry;
		item.recipients = {took, later};
		feed.marked(item, sync::OutboxState::Filed);
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 1));
		CPPUNIT_ASSERT_EQUAL("m1." + _tag + "@example.test", queueColumn("MSG_ID", 1));
		// The follow-up to the deferred one ends logged: no second mark.
		_db->execute("UPDATE " + quoted("MAIL_QUEUE") + " SET " + quoted("MQ_STATUS") + " = 'S'");
		item.state = sync::OutboxState::Logged;
		feed.marked(item, sync::OutboxState::Sending);
		CPPUNIT_ASSERT_EQUAL(std::string("S"), queueColumn("MQ_STATUS", 1));
		item.recipients = {took};
		feed.marked(item, sync::OutboxState::Filed);
		CPPUNIT_ASSERT_EQUAL(std::string("D"), queueColumn("MQ_STATUS", 1));
		// A long reason is cut to fit a short column.
		item.state = sync::OutboxState::Failed;
		item.lastError = "every recipient refused: " + std::string(300, 'x');
		feed.marked(item, sync::OutboxState::Sending);
		CPPUNIT_ASSERT_EQUAL(std::string("F"), queueColumn("MQ_STATUS", 1));
		const std::string reason = queueColumn("ERR_TEXT", 1);
		CPPUNIT_ASSERT_EQUAL(std::size_t(service::OutboxQueueFeed::MAX_REASON), reason.size());
		CPPUNIT_ASSERT_EQUAL(std::string("..."), reason.substr(reason.size() - 3));
		// A row the ATS put into mb_outbox itself has nobody to tell.
		_db->execute("INSERT INTO mb_outbox (mailbox, to_addrs) VALUES ('" + _config.mailboxes[0].address + "', 'x@example.test')");
		item.id = std::stoll(one("SELECT MAX(id) FROM mb_outbox WHERE queue_key IS NULL"));
		item.state = sync::OutboxState::Sending;
		feed.marked(item, sync::OutboxState::Claimed);
		CPPUNIT_ASSERT_EQUAL(std::string("F"), queueColumn("MQ_STATUS", 1));
		_db->execute("DELETE FROM mb_outbox WHERE id = " + std::to_string(item.id));
	}

	void testCheckMappingRunsTheQuery()
	{
		// A queue query that cannot run is reported with its line.
		std::string xml = readFile(_mappingFile);
		Poco::replaceInPlace(xml, std::string("MQ_STATUS&quot; = 'Q'"), std::string("NO_SUCH&quot; = 'Q'"));
		Poco::replaceInPlace(xml, std::string("MQ_STATUS = 'Q'"), std::string("NO_SUCH = 'Q'"));
		std::ofstream(_mappingFile) << xml;
		std::string output;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 78, test::runMailbridge({"check-mapping", _mappingFile}, output));
		CPPUNIT_ASSERT_MESSAGE(output, output.find("the outbound queue query fails") != std::string::npos);
	}

protected:
	virtual std::string name() const = 0;
	virtual std::string mappingName() const { return "legacy.xml"; }
	virtual std::string quoted(const std::string& name) const { return name; }
	virtual std::string connectionString() const = 0;
	virtual std::string dateTimeColumn() const { return std::string(); }
		///< the statement turning SEND_AT into a date/time column; "" where there is none

	std::string configText() const
	{
		const TestEnv& env = TestEnv::instance();
		return "[service]\nmapping = " + _mappingFile + "\n"
			"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\nsmtp_host = " + env.get("MB_IMAP_HOST") +
			"\nsmtp_port = " + env.get("MB_SUBMISSION_PORT") + "\nsmtp_tls = starttls\n"
			"[mailbox alice]\naddress = " + env.get("MB_USER1") + "\npassword_env = MB_QUEUE_PW1\n"
			"display_name = Alice from the configuration\nsent = Sent" + _tag + "\n";
	}

private:
	std::string _tag;
	std::unique_ptr<OdbcConnection> _db;
	std::string _mappingFile;
	service::ServiceConfig _config;
};

#define MB_OUTBOX_QUEUE_TESTS(Fixture) \
	CPPUNIT_TEST_SUITE(Fixture); \
	CPPUNIT_TEST(testQueuedRowSentFiledLoggedMarked); \
	CPPUNIT_TEST(testRefusedRecipientMarksFailed); \
	CPPUNIT_TEST(testConfiguredNameWithoutUsersName); \
	CPPUNIT_TEST(testCrashAfterAppendNeitherSentNorFiledTwice); \
	CPPUNIT_TEST(testSendAtAsDateTimeColumn); \
	CPPUNIT_TEST(testBadSendAtFailsThatRowOnly); \
	CPPUNIT_TEST(testOthersRowsDoNotHideOne); \
	CPPUNIT_TEST(testRefusedMarkUndoesTheStepUntilFixed); \
	CPPUNIT_TEST(testMarksFollowTheMoves); \
	CPPUNIT_TEST(testCheckMappingRunsTheQuery); \
	CPPUNIT_TEST_SUITE_END()

class PostgreSQLOutboxQueueTest: public OutboxQueueScenario
{
	MB_OUTBOX_QUEUE_TESTS(PostgreSQLOutboxQueueTest);

protected:
	std::string name() const override { return "postgresql"; }
	std::string mappingName() const override { return "legacy-postgresql.xml"; }
	std::string quoted(const std::string& name) const override { return "\"" + name + "\""; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_PG_ODBC"); }
	std::string dateTimeColumn() const override
	{
		return "ALTER TABLE \"MAIL_QUEUE\" ALTER COLUMN \"SEND_AT\" TYPE TIMESTAMP USING \"SEND_AT\"::timestamp";
	}
};

class MariaDBOutboxQueueTest: public OutboxQueueScenario
{
	MB_OUTBOX_QUEUE_TESTS(MariaDBOutboxQueueTest);

protected:
	std::string name() const override { return "mariadb"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_MARIADB_ODBC"); }
	std::string dateTimeColumn() const override { return "ALTER TABLE MAIL_QUEUE MODIFY SEND_AT DATETIME"; }
};

class SQLiteOutboxQueueTest: public OutboxQueueScenario
{
	MB_OUTBOX_QUEUE_TESTS(SQLiteOutboxQueueTest);

protected:
	std::string name() const override { return "sqlite"; }
	std::string connectionString() const override { return "Driver=SQLite3;Database=" + _file + ";"; }

public:
	void setUp() override
	{
		// A database of its own: the legacy sample's names must not meet others'.
		_file = Poco::Path::temp() + "mb-queue-" + std::to_string(Poco::Timestamp().epochMicroseconds()) + ".db";
		OutboxQueueScenario::setUp();
	}

	void tearDown() override
	{
		OutboxQueueScenario::tearDown();
		Poco::File(_file).remove();
	}

private:
	std::string _file;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLOutboxQueueTest);
CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBOutboxQueueTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteOutboxQueueTest);
