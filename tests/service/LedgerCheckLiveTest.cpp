//
// LedgerCheckLiveTest.cpp
//
// The ledger held against the stack's Dovecot and the modern example's
// notes table, on SQLite, PostgreSQL and MariaDB: a message expunged on the server
// is marked expunged and its activity kept; with delete_on_server, a
// message whose note was deleted (flagged, or its row removed) is moved to
// Trash or expunged, by UID, only while the UID still holds the ledger's
// Message-ID; without the policy nothing is removed. And the daemon's
// inbound sync marks a message the recruiter expunged, keeping its note.
//

#include "connector/service/ImapMailboxClient.h"
#include "connector/service/InboundWorkers.h"
#include "connector/service/LedgerCheck.h"
#include "connector/service/MailboxWorker.h"
#include "connector/service/MappingBinding.h"
#include "connector/service/MessageParsing.h"
#include "connector/service/OutboxWorker.h"
#include "mapping/model/MappingParser.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
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
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::service::LedgerCheck;
using mailbridge::test::TestEnv;
using mailbridge::test::readFile;

namespace {

const std::string ROOT = MB_SHARE_DIR;

} // namespace

class LedgerCheckScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_tag = std::to_string(Poco::Timestamp().epochMicroseconds());
		_db.reset(new OdbcConnection(connectionString()));
		test::createModernAts(*_db, ROOT, name(), false);
		_mapping = mapping::MappingParser::parseFile(ROOT + "/mapping/examples/modern.xml");

		const TestEnv& env = TestEnv::instance();
		Poco::Environment::set("MB_LEDGER_PW1", env.get("MB_PASS1"));
		const std::string text = "[service]\nmapping = /dev/null\n"
			"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\n"
			"[mailbox alice]\naddress = " + env.get("MB_USER1") + "\npassword_env = MB_LEDGER_PW1\n";
		_alice = service::ServiceConfig::parse(text, "ledger.conf", Poco::Path::temp()).mailboxes.at(0);
		// A mailbox name of its own: the shared ledger's other rows are not this test's.
		_alice.address = "ledger." + _tag + "@example.test";
		_imap = service::ImapMailboxClient::connect(_alice, Poco::Timespan(1, 0));
		_folder = "Ledger" + _tag;
		_imap->session().command("CREATE " + _folder);
	}

	void tearDown() override
	{
		// setUp may have failed part way (the stack down): clean up only what exists.
		if (_imap) try { _imap->session().command("DELETE " + _folder); } catch (...) {}
		_imap.reset();
		_db.reset();
	}

	struct Logged
	{
		std::string messageId;  ///< without <>
		std::uint32_t uid = 0;
		std::string note;       ///< the activity's key
	};

	Logged logged(const std::string& subject)
	{
		// A message in the folder, its note, and the ledger row tying them, as
		// the inbound sync leaves them.
		Logged l;
		l.messageId = subject + "." + _tag + "@example.org";
		imap::AppendResult appended = _imap->session().append(_folder, "From: carol@example.net\r\nTo: alice@example.test\r\n"
			"Subject: " + subject + "\r\nMessage-ID: <" + l.messageId + ">\r\n\r\nHello\r\n", {}, "");
		CPPUNIT_ASSERT(appended.uid != 0);
		l.uid = appended.uid;
		_uidValidity = appended.uidValidity;
		_db->execute("INSERT INTO notes (person_kind, person_id, note_type, subject, created_at, message_id) VALUES "
			"('C', 1, 'EMAIL_IN', '" + subject + "', '2026-01-01 10:00:00', '" + l.messageId + "')");
		l.note = one("SELECT MAX(id) FROM notes WHERE message_id = '" + l.messageId + "'");
		mapping::SqlStatement s;
		s.text = "INSERT INTO mb_ledger (mailbox, folder, uidvalidity, imap_uid, message_id, content_hash, direction,"
			" activity_keys) VALUES (?, ?, ?, ?, ?, ?, 'I', ?)";
		s.params = {"mailbox", "folder", "uidvalidity", "uid", "message_id", "hash", "keys"};
		mapping::ParamBinder p;
		p.text("mailbox", _alice.address);
		p.text("folder", _folder);
		p.integer("uidvalidity", _uidValidity);
		p.integer("uid", l.uid);
		p.text("message_id", l.messageId);
		p.text("hash", std::string(64, 'a'));
		p.text("keys", l.note);
		p.execute(_db->session(), s);
		return l;
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

	std::string expunged(const Logged& l)
	{
		return one("SELECT expunged FROM mb_ledger WHERE mailbox = '" + _alice.address + "' AND imap_uid = "
			+ std::to_string(l.uid) + " AND folder = '" + _folder + "'");
	}

	std::uint64_t copies(const std::string& folder, const Logged& l)
	{
		auto session = test::stackLogin("MB_USER1", "MB_PASS1");
		std::uint64_t n = test::countCopies(*session, folder, l.messageId);
		session->logout();
		return n;
	}

	LedgerCheck::Report check(service::DeleteOnServer policy)
	{
		service::MailboxConfig m = _alice;
		m.deleteOnServer = policy;
		LedgerCheck ledger(*_db, &_mapping, m);
		LedgerCheck::Report r = ledger.runOnce();
		ledger.close();
		return r;
	}

	void testServerExpungeRecordedActivityKept()
	{
		Logged a = logged("gone"), b = logged("kept");
		_imap->session().select(_folder, imap::SelectOptions());
		_imap->session().command("UID STORE " + std::to_string(a.uid) + " +FLAGS.SILENT (\\Deleted)");
		_imap->session().uidExpunge(imap::UidSet(std::vector<std::uint32_t>{a.uid}));

		LedgerCheck::Report r = check(service::DeleteOnServer::No);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.checked);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.expunged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.removed);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), expunged(a));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), expunged(b));
		// ATS records are records: the note stays.
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE id = " + a.note));
		// Marked once: the next pass has only b to look at.
		r = check(service::DeleteOnServer::No);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.checked);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.expunged);
	}

	void testFlaggedNoteMovesMessageToTrash()
	{
		Logged a = logged("flagged"), b = logged("untouched");
		_db->execute("UPDATE notes SET deleted = 1 WHERE id = " + a.note);

		LedgerCheck::Report r = check(service::DeleteOnServer::Trash);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.removed);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), copies(_folder, a));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copies("Trash", a));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copies(_folder, b));
		CPPUNIT_ASSERT_EQUAL(std::string("2"), expunged(a));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), expunged(b));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM notes WHERE id = " + a.note));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one("SELECT COUNT(*) FROM mb_audit WHERE mailbox = '" + _alice.address
			+ "' AND action = 'deleted_activity_trashed'"));
		// Done once: nothing more to move.
		r = check(service::DeleteOnServer::Trash);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.removed);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copies("Trash", a));
	}

	void testRemovedNoteExpungesMessage()
	{
		Logged a = logged("removed");
		_db->execute("DELETE FROM notes WHERE id = " + a.note);

		LedgerCheck::Report r = check(service::DeleteOnServer::Expunge);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.removed);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), copies(_folder, a));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), copies("Trash", a));
		CPPUNIT_ASSERT_EQUAL(std::string("3"), expunged(a));
	}

	void testOtherMessageUnderTheUidIsLeft()
	{
		// The ledger's Message-ID is not the one the server holds under that
		// UID (a stale ledger): nothing is removed.
		Logged a = logged("stale");
		_db->execute("UPDATE mb_ledger SET message_id = 'someone.else@example.org' WHERE mailbox = '" + _alice.address + "'");
		_db->execute("UPDATE notes SET deleted = 1 WHERE id = " + a.note);

		LedgerCheck::Report r = check(service::DeleteOnServer::Trash);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.removed);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.mismatched);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copies(_folder, a));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), expunged(a));
	}

	void testPassGoesPageByPage()
	{
		// 201 rows whose UIDs the folder never had: one page, then the rest.
		Logged a = logged("paged");
		_db->transaction("ledger rows", [&] {
			for (int i = 1; i <= 200; ++i)
				_db->execute("INSERT INTO mb_ledger (mailbox, folder, uidvalidity, imap_uid, content_hash, direction) VALUES ('"
					+ _alice.address + "', '" + _folder + "', " + std::to_string(_uidValidity) + ", " + std::to_string(100000 + i)
					+ ", '" + std::string(64, 'b') + "', 'I')");
		});
		LedgerCheck ledger(*_db, &_mapping, _alice);
		LedgerCheck::Report r;
		CPPUNIT_ASSERT(!ledger.step(r));
		CPPUNIT_ASSERT_EQUAL(std::size_t(200), r.checked);
		CPPUNIT_ASSERT_EQUAL(std::size_t(199), r.expunged);
		CPPUNIT_ASSERT(ledger.step(r));
		CPPUNIT_ASSERT_EQUAL(std::size_t(201), r.checked);
		CPPUNIT_ASSERT_EQUAL(std::size_t(200), r.expunged);
		CPPUNIT_ASSERT_EQUAL(std::string("0"), expunged(a));
		CPPUNIT_ASSERT_EQUAL(std::string("200"), one("SELECT COUNT(*) FROM mb_ledger WHERE mailbox = '" + _alice.address
			+ "' AND expunged = 1"));
		// A new pass starts from the top, with only the message still there.
		LedgerCheck::Report again;
		CPPUNIT_ASSERT(ledger.step(again));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), again.checked);
		ledger.close();
	}

	std::string writeMapping()
	{
		// The modern example, on this test's database.
		const std::string mappingFile = Poco::Path::temp() + "mb-ledger-" + _tag + ".xml";
		test::writeExampleMapping(ROOT, "modern.xml", connectionString(), "MB_LEDGER_DB_PW", mappingFile);
		return mappingFile;
	}

	service::ServiceConfig daemonConfig(const std::string& mappingFile, const std::string& policy)
	{
		// alice's real address, with this test's folders as her INBOX and Sent.
		const TestEnv& env = TestEnv::instance();
		const std::string text = "[service]\nmapping = " + mappingFile + "\nwindow_days = 3650\n"
			"[policy]\ninternal_domains = example.test\n" + policy +
			"[defaults]\nhost = " + env.get("MB_IMAP_HOST") + "\nport = " + env.get("MB_IMAP_PORT") +
			"\ntls = starttls\nca_file = " + env.get("MB_CA_FILE") + "\nsmtp_host = " + env.get("MB_IMAP_HOST") +
			"\nsmtp_port = " + env.get("MB_SUBMISSION_PORT") + "\nsmtp_tls = starttls\n"
			"[mailbox alice]\naddress = " + env.get("MB_USER1") + "\npassword_env = MB_LEDGER_PW1\n"
			"inbox = " + _folder + "\nsent = " + _folder + "Out\n";
		return service::ServiceConfig::parse(text, "ledger.conf", Poco::Path::temp());
	}

	void testInboundSyncRecordsServerExpunge()
	{
		// The daemon's inbound worker logs a message, the recruiter expunges
		// it, and the next sync (QRESYNC's VANISHED on Dovecot) marks its
		// ledger row expunged; the note stays.
		const std::string mappingFile = writeMapping();
		_imap->session().command("CREATE " + _folder + "Out");
		const service::ServiceConfig config = daemonConfig(mappingFile, "");
		test::StatusRecorder status;
		service::InboundParts parts;
		parts.ats = service::bindMapping(config);
		parts.parser = service::parseMessageForSync;
		parts.status = &status;

		const std::string messageId = "cv." + _tag + "@example.org";
		imap::AppendResult appended = _imap->session().append(_folder, "From: Jane Doe <jane.doe@example.org>\r\n"
			"To: alice@example.test\r\nSubject: my CV\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <"
			+ messageId + ">\r\n\r\nPlease find it attached.\r\n", {}, "");
		service::makeInboundWorker(config, config.mailboxes[0], parts)->runOnce();
		const std::string note = one("SELECT id FROM notes WHERE message_id = '" + messageId + "'");
		CPPUNIT_ASSERT(note != "NULL");
		const std::string row = "SELECT expunged FROM mb_ledger WHERE folder = '" + _folder + "' AND imap_uid = "
			+ std::to_string(appended.uid);
		CPPUNIT_ASSERT_EQUAL(std::string("0"), one(row));

		_imap->session().select(_folder, imap::SelectOptions());
		_imap->session().command("UID STORE " + std::to_string(appended.uid) + " +FLAGS.SILENT (\\Deleted)");
		_imap->session().uidExpunge(imap::UidSet(std::vector<std::uint32_t>{appended.uid}));
		service::makeInboundWorker(config, config.mailboxes[0], parts)->runOnce();
		CPPUNIT_ASSERT_EQUAL(std::string("1"), one(row));
		CPPUNIT_ASSERT_EQUAL(note, one("SELECT id FROM notes WHERE message_id = '" + messageId + "'"));
		try { _imap->session().command("DELETE " + _folder + "Out"); } catch (...) {}
		Poco::File(mappingFile).remove();
	}

	void testDaemonWorkerChecksOnItsInterval()
	{
		// As the daemon runs it: the outbox worker of a mailbox configured with
		// delete_on_server = trash checks its ledger once ledger_check_minutes
		// (15) have passed, not at start.
		const std::string mappingFile = writeMapping();
		const service::ServiceConfig config = daemonConfig(mappingFile, "delete_on_server = trash\n");
		service::MailboxConfig alice = config.mailboxes[0];
		_alice.address = alice.address;
		Logged a = logged("daemon");
		_db->execute("UPDATE notes SET deleted = 1 WHERE id = " + a.note);

		service::OutboxWorker worker(alice, service::bindMapping(config), sync::OutboxOptions());
		Poco::Timestamp now;
		worker.runOnce(now);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copies(_folder, a));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), expunged(a));
		// One ledger page per poll: the shared databases hold alice's rows of
		// other runs before this one.
		Poco::Timestamp later = now + Poco::Timespan(16 * 60, 0).totalMicroseconds();
		for (int poll = 0; poll < 1000 && expunged(a) == "0"; ++poll) worker.runOnce(later);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), copies(_folder, a));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copies("Trash", a));
		CPPUNIT_ASSERT_EQUAL(std::string("2"), expunged(a));
		worker.close();
		Poco::File(mappingFile).remove();
	}

	void testCheckMappingChecksTheFlag()
	{
		// check-mapping names a flag column the activities table lacks.
		const std::string mappingFile = writeMapping();
		std::string xml = readFile(mappingFile);
		Poco::replaceInPlace(xml, std::string("<deleted-activities column=\"deleted\""), std::string("<deleted-activities column=\"removed\""));
		std::ofstream(mappingFile) << xml;
		std::string output;
		const int rc = test::runMailbridge({"check-mapping", mappingFile}, output);
		Poco::File(mappingFile).remove();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 78, rc);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("deleted flag column removed does not exist in notes") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(output, output.find("1 problem in ") != std::string::npos);
	}

	void testPolicyOffRemovesNothing()
	{
		Logged a = logged("policy-off");
		_db->execute("UPDATE notes SET deleted = 1 WHERE id = " + a.note);
		LedgerCheck::Report r = check(service::DeleteOnServer::No);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.removed);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), copies(_folder, a));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), expunged(a));
	}

protected:
	virtual std::string name() const = 0;
	virtual std::string connectionString() const = 0;

private:
	std::string _tag;
	std::unique_ptr<OdbcConnection> _db;
	mapping::Mapping _mapping;
	service::MailboxConfig _alice;
	std::unique_ptr<service::ImapMailboxClient> _imap;
	std::string _folder;
	std::uint32_t _uidValidity = 0;
};

#define MB_LEDGER_CHECK_TESTS(Fixture) \
	CPPUNIT_TEST_SUITE(Fixture); \
	CPPUNIT_TEST(testServerExpungeRecordedActivityKept); \
	CPPUNIT_TEST(testFlaggedNoteMovesMessageToTrash); \
	CPPUNIT_TEST(testRemovedNoteExpungesMessage); \
	CPPUNIT_TEST(testOtherMessageUnderTheUidIsLeft); \
	CPPUNIT_TEST(testPolicyOffRemovesNothing); \
	CPPUNIT_TEST(testPassGoesPageByPage); \
	CPPUNIT_TEST(testInboundSyncRecordsServerExpunge); \
	CPPUNIT_TEST(testDaemonWorkerChecksOnItsInterval); \
	CPPUNIT_TEST(testCheckMappingChecksTheFlag); \
	CPPUNIT_TEST_SUITE_END()

class PostgreSQLLedgerCheckTest: public LedgerCheckScenario
{
	MB_LEDGER_CHECK_TESTS(PostgreSQLLedgerCheckTest);

protected:
	std::string name() const override { return "postgresql"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_PG_ODBC"); }
};

class MariaDBLedgerCheckTest: public LedgerCheckScenario
{
	MB_LEDGER_CHECK_TESTS(MariaDBLedgerCheckTest);

protected:
	std::string name() const override { return "mariadb"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_MARIADB_ODBC"); }
};

class SQLiteLedgerCheckTest: public LedgerCheckScenario
{
	MB_LEDGER_CHECK_TESTS(SQLiteLedgerCheckTest);

protected:
	std::string name() const override { return "sqlite"; }
	std::string connectionString() const override { return "Driver=SQLite3;Database=" + _file + ";"; }

public:
	void setUp() override
	{
		_file = Poco::Path::temp() + "mb-ledger-" + std::to_string(Poco::Timestamp().epochMicroseconds()) + ".db";
		LedgerCheckScenario::setUp();
	}

	void tearDown() override
	{
		LedgerCheckScenario::tearDown();
		Poco::File(_file).remove();
	}

private:
	std::string _file;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLLedgerCheckTest);
CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBLedgerCheckTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteLedgerCheckTest);
