//
// StoreScenario.cpp
//

#include "StoreScenario.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/OdbcStore.h"
#include "mapping/store/SchemaInstaller.h"
#include "mapping/store/StoreErrors.h"
#include "mapping/sql/SqlScript.h"
#include <Poco/Data/Statement.h>
#include <Poco/Data/RecordSet.h>
#include <fstream>
#include <sstream>

using namespace mailbridge::mapping;

void StoreScenario::setUp()
{
	_connection.reset(new OdbcConnection(connectionString()));
	reinstall();
}

void StoreScenario::tearDown()
{
	_connection.reset();
}

std::string StoreScenario::failureDdl() const
{
	return std::string();
}

std::string StoreScenario::badDirection() const
{
	return "XX";
}

OdbcConnection& StoreScenario::connection()
{
	return *_connection;
}

void StoreScenario::reinstall()
{
	// Start each test from empty mb_ tables.
	SchemaInstaller installer(*_connection, MB_SHARE_DIR);
	std::ifstream in(installer.scriptPath("uninstall.sql"));
	std::stringstream text;
	text << in.rdbuf();
	for (const auto& s: SqlScript::split(text.str())) _connection->execute(s);
	CPPUNIT_ASSERT(installer.install() == SchemaInstaller::INSTALLED);
}

int StoreScenario::count(const std::string& table)
{
	Poco::Data::Statement stmt(_connection->session());
	stmt << "SELECT COUNT(*) FROM " + table;
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	rs.moveFirst();
	return rs.value(0).convert<int>();
}

void StoreScenario::testDialectDetected()
{
	CPPUNIT_ASSERT_MESSAGE(connection().dbmsName(), connection().dialect().vendor() == expectedVendor());
	CPPUNIT_ASSERT(!connection().dbmsVersion().empty());
}

void StoreScenario::testInstallSchemaTwice()
{
	SchemaInstaller installer(connection(), MB_SHARE_DIR);
	CPPUNIT_ASSERT_EQUAL(1, installer.installedVersion());
	CPPUNIT_ASSERT(installer.install() == SchemaInstaller::ALREADY_CURRENT);
	CPPUNIT_ASSERT(installer.install() == SchemaInstaller::ALREADY_CURRENT);
	installer.verify();
	CPPUNIT_ASSERT_EQUAL(1, count("mb_schema_version"));
}

void StoreScenario::testRefusesUnknownVersion()
{
	connection().execute("INSERT INTO mb_schema_version (version) VALUES (99)");
	SchemaInstaller installer(connection(), MB_SHARE_DIR);
	CPPUNIT_ASSERT_THROW(installer.install(), mailbridge::ConfigError);
	CPPUNIT_ASSERT_THROW(installer.verify(), mailbridge::ConfigError);
	connection().execute("DELETE FROM mb_schema_version WHERE version = 99");
	installer.verify();
}

void StoreScenario::testVerifyNamesMissingColumns()
{
	// Tables from an earlier build at the same version: verify() names what
	// is missing at startup instead of a batch failing later.
	SchemaInstaller installer(connection(), MB_SHARE_DIR);
	installer.verify();
	connection().execute("ALTER TABLE mb_thread_wait DROP COLUMN created_at");
	try
	{
		installer.verify();
		CPPUNIT_FAIL("a missing column passed");
	}
	catch (mailbridge::ConfigError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.displayText(), e.displayText().find("mb_thread_wait has no column created_at") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(e.displayText(), e.displayText().find("install.sql") != std::string::npos);
	}
	connection().execute("DROP TABLE mb_audit");
	try
	{
		installer.verify();
		CPPUNIT_FAIL("a missing table passed");
	}
	catch (mailbridge::ConfigError& e)
	{
		// Tables are checked in install order: mb_thread_wait comes first.
		CPPUNIT_ASSERT_MESSAGE(e.displayText(), e.displayText().find("mb_thread_wait") != std::string::npos);
	}
	reinstall();
	connection().execute("DROP TABLE mb_audit");
	try
	{
		installer.verify();
		CPPUNIT_FAIL("a missing table passed");
	}
	catch (mailbridge::ConfigError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.displayText(), e.displayText().find("table mb_audit is missing") != std::string::npos);
	}
}

namespace {

LedgerEntry entry(Poco::Int64 uid, const std::string& messageId)
{
	LedgerEntry e;
	e.mailbox = "alice@example.test";
	e.folder = "INBOX";
	e.uidValidity = 1700000000;
	e.uid = uid;
	e.messageId = messageId;
	e.contentHash = std::string(64, 'a');
	e.sizeBytes = 1234;
	e.personKeys = "candidate:" + std::to_string(uid);
	e.activityKeys = std::to_string(uid * 10);
	return e;
}

FolderState cursor(Poco::Int64 lastUid)
{
	FolderState s;
	s.mailbox = "alice@example.test";
	s.folder = "INBOX";
	s.uidValidity = 1700000000;
	s.lastUid = lastUid;
	s.highestModseq = 77;
	return s;
}

} // namespace

void StoreScenario::testBatchRoundTrip()
{
	OdbcStore store(connection());
	std::vector<LedgerEntry> batch;
	for (int i = 1; i <= 50; ++i) batch.push_back(entry(i, "<m" + std::to_string(i) + "@example.test>"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(50), store.writeBatch(batch, cursor(50)));
	CPPUNIT_ASSERT_EQUAL(50, count("mb_ledger"));

	// The same batch again (a replay after a crash) adds nothing, and says so.
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), store.writeBatch(batch, cursor(50)));
	CPPUNIT_ASSERT_EQUAL(50, count("mb_ledger"));
	// Known and new entries mixed: only the new ones count.
	std::vector<LedgerEntry> mixed{batch[3], entry(60, "<m60@example.test>"), batch[4], entry(61, "")};
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), store.writeBatch(mixed, cursor(50)));
	CPPUNIT_ASSERT_EQUAL(52, count("mb_ledger"));
	// 250 entries: several multi-row statements, counted together.
	std::vector<LedgerEntry> many;
	for (int i = 101; i <= 350; ++i) many.push_back(entry(i, "<m" + std::to_string(i) + "@example.test>"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(250), store.writeBatch(many, cursor(50)));
	CPPUNIT_ASSERT_EQUAL(302, count("mb_ledger"));

	FolderState s;
	CPPUNIT_ASSERT(store.loadFolderState("alice@example.test", "INBOX", s));
	CPPUNIT_ASSERT_EQUAL(Poco::Int64(50), s.lastUid);
	CPPUNIT_ASSERT_EQUAL(Poco::Int64(77), s.highestModseq);
	CPPUNIT_ASSERT_EQUAL(Poco::Int64(1700000000), s.uidValidity);
	CPPUNIT_ASSERT(!store.loadFolderState("alice@example.test", "Sent", s));

	LedgerEntry e;
	CPPUNIT_ASSERT(store.findByUid("alice@example.test", "INBOX", 1700000000, 7, e));
	CPPUNIT_ASSERT_EQUAL(std::string("<m7@example.test>"), e.messageId);
	CPPUNIT_ASSERT_EQUAL(std::string("candidate:7"), e.personKeys);
	CPPUNIT_ASSERT(!store.findByUid("alice@example.test", "INBOX", 1700000001, 7, e));
	auto seen = store.findByMessageId("<m9@example.test>");
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), seen.size());
	CPPUNIT_ASSERT_EQUAL(Poco::Int64(9), seen[0].uid);

	// The cursor moves forward with the next batch.
	store.writeBatch({entry(51, "<m51@example.test>")}, cursor(51));
	CPPUNIT_ASSERT(store.loadFolderState("alice@example.test", "INBOX", s));
	CPPUNIT_ASSERT_EQUAL(Poco::Int64(51), s.lastUid);
}

void StoreScenario::testHostileValues()
{
	OdbcStore store(connection());
	std::vector<LedgerEntry> batch;
	batch.push_back(entry(1, "<it's \"quoted\"@example.test>"));
	batch.push_back(entry(2, "x'; DROP TABLE mb_ledger; --"));
	batch.push_back(entry(3, "<\xF0\x9F\x98\x80 caf\xC3\xA9@example.test>"));
	LedgerEntry big = entry(4, "<big@example.test>");
	big.activityKeys.assign(100 * 1024, 'k');
	big.activityKeys += "\xE2\x82\xAC"; // ends in a multi-byte character
	batch.push_back(big);
	store.writeBatch(batch, cursor(4));

	for (const auto& want: batch)
	{
		LedgerEntry got;
		CPPUNIT_ASSERT(store.findByUid(want.mailbox, want.folder, want.uidValidity, want.uid, got));
		CPPUNIT_ASSERT_EQUAL(want.messageId, got.messageId);
		if (want.uid != 4) CPPUNIT_ASSERT_EQUAL(want.activityKeys, got.activityKeys);
	}
	CPPUNIT_ASSERT_EQUAL(4, count("mb_ledger"));

	// The 100 KB value landed whole: 102400 'k' and one euro sign, counted
	// on the server (reading back is capped by the driver's reported size).
	Poco::Data::Statement stmt(connection().session());
	std::string lengthFn = connection().dialect().vendor() == Dialect::MySQL ? "CHAR_LENGTH" : "LENGTH";
	stmt << "SELECT " + lengthFn + "(activity_keys), " + lengthFn + "(message_id) FROM mb_ledger WHERE imap_uid = 4";
	stmt.execute();
	Poco::Data::RecordSet rs(stmt);
	CPPUNIT_ASSERT(rs.moveFirst());
	CPPUNIT_ASSERT_EQUAL(102401, rs.value(0).convert<int>());
	CPPUNIT_ASSERT_EQUAL(18, rs.value(1).convert<int>());
}

void StoreScenario::testFailureRollsBackBatch()
{
	if (!failureDdl().empty()) connection().execute(failureDdl());
	OdbcStore store(connection());
	std::vector<LedgerEntry> batch;
	for (int i = 1; i <= 5; ++i) batch.push_back(entry(i, "<f" + std::to_string(i) + "@example.test>"));
	batch[2].direction = badDirection();
	try
	{
		store.writeBatch(batch, cursor(5));
		CPPUNIT_FAIL("a refused row must fail the batch");
	}
	catch (StatementError& err)
	{
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), err.sqlState().size());
		CPPUNIT_ASSERT(!err.driverText().empty());
		CPPUNIT_ASSERT(err.messageRef().find("<f3@example.test>") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("mb_ledger"), err.column());
		CPPUNIT_ASSERT(err.displayText().find("SQLSTATE " + err.sqlState()) != std::string::npos);
	}
	CPPUNIT_ASSERT_EQUAL(0, count("mb_ledger"));
	CPPUNIT_ASSERT_EQUAL(0, count("mb_folder_state"));
	FolderState s;
	CPPUNIT_ASSERT(!store.loadFolderState("alice@example.test", "INBOX", s));
}
