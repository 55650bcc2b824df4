//
// MappedSyncStoreLiveTest.cpp
//
// The sync store writing through the mapping: the modern example schema,
// people found by MappedPeopleDirectory, activities by MappedActivityWriter,
// ledger and cursor in the same transaction, on every stack database.
//

#include "connector/service/OdbcSyncStore.h"
#include "mapping/model/MappingParser.h"
#include "mapping/sql/SqlScript.h"
#include "mapping/store/MappedActivityWriter.h"
#include "mapping/store/MappedPeopleDirectory.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/SchemaInstaller.h"
#include "tests/common/TestEnv.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>
#include <sstream>

using namespace mailbridge;
using mailbridge::test::TestEnv;

namespace {

class Warnings: public Poco::Channel
	/// What the store logs: a grouped statement the database refused, when
	/// every row then went in alone, is a fault of ours.
{
public:
	void log(const Poco::Message& msg) override { if (msg.getPriority() <= Poco::Message::PRIO_WARNING) texts.push_back(msg.getText()); }
	std::vector<std::string> texts;
};

} // namespace

class MappedSyncStoreScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_warnings = new Warnings;
		Poco::Logger::get("mailbridge.store").setChannel(_warnings);
		_db.reset(new mapping::OdbcConnection(connectionString()));
		mapping::SchemaInstaller installer(*_db, MB_SHARE_DIR);
		run(installer.scriptPath("uninstall.sql"));
		installer.install();
		for (const char* t: {"documents", "notes", "contacts", "candidates", "users"})
		{
			try { _db->execute(std::string("DROP TABLE ") + t); } catch (std::exception&) {}
		}
		run(std::string(MB_SHARE_DIR) + "/mapping/examples/modern." + name() + ".sql");
		_mapping = mapping::MappingParser::parseFile(std::string(MB_SHARE_DIR) + "/mapping/examples/modern.xml");
	}

	void tearDown() override
	{
		Poco::Logger::get("mailbridge.store").setChannel(nullptr);
		_db.reset();
	}

	void assertGrouped()
	{
		CPPUNIT_ASSERT_EQUAL(std::string(), _warnings->texts.empty() ? std::string() : _warnings->texts.front());
	}

	void testBatchThroughMapping()
	{
		mapping::MappedPeopleDirectory people(*_db, _mapping);
		mapping::MappedActivityWriter writer(_mapping, _db->dialect(), "imap.example.test");
		service::OdbcSyncStore store(*_db, writer);
		auto found = people.find({"jane@home.example", "carol@example.net", "rich@example.org"});
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), found.size());
		CPPUNIT_ASSERT(found["rich@example.org"].at(0).doNotLog);

		sync::FolderKey inbox{"alice@example.test", "INBOX"};
		std::vector<sync::MessageRecord> records{record(1, "first@x", found["jane@home.example"]),
			record(2, "second@x", found["carol@example.net"])};
		records[1].parentIds = {"first@x"};
		sync::FolderCursor cursor;
		cursor.uidValidity = 9;
		cursor.lastUid = 2;
		store.commit(inbox, 9, records, cursor);
		CPPUNIT_ASSERT_EQUAL(std::string("2"), scalar("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::string("2"), scalar("SELECT COUNT(*) FROM mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), scalar("SELECT author_user_id FROM notes WHERE message_id = 'first@x'"));
		CPPUNIT_ASSERT_EQUAL(std::string("K"), scalar("SELECT person_kind FROM notes WHERE message_id = 'second@x'"));

		// The same message again in Sent: the activity already written is reused.
		sync::FolderKey sent{"alice@example.test", "Sent"};
		cursor.lastUid = 1;
		store.commit(sent, 4, {record(1, "first@x", found["jane@home.example"])}, cursor);
		CPPUNIT_ASSERT_EQUAL(std::string("2"), scalar("SELECT COUNT(*) FROM notes"));
		CPPUNIT_ASSERT_EQUAL(std::string("3"), scalar("SELECT COUNT(*) FROM mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), store.loadCursor(inbox).lastUid);
		assertGrouped();
	}

	void testThreadsThroughMapping()
	{
		// Newest first, as a backfill goes: five replies whose parents come
		// in the next batch, and a reply whose parent is in the same batch.
		mapping::MappedPeopleDirectory people(*_db, _mapping);
		mapping::MappedActivityWriter writer(_mapping, _db->dialect(), "imap.example.test");
		service::OdbcSyncStore store(*_db, writer);
		const std::vector<sync::PersonRef> jane = people.find({"jane@home.example"})["jane@home.example"];
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), jane.size());
		sync::FolderKey inbox{"alice@example.test", "INBOX"};
		sync::FolderCursor cursor;
		cursor.uidValidity = 9;
		cursor.lastUid = 20;
		cursor.backfillFloor = 10;
		std::vector<sync::MessageRecord> newer;
		for (int i = 1; i <= 5; ++i)
		{
			newer.push_back(record(20 - i, "reply" + std::to_string(i) + "@x", jane));
			newer.back().parentIds = {"root" + std::to_string(i) + "@x"};
		}
		newer.push_back(record(20, "answer@x", jane));
		newer.back().parentIds = {"question@x"};
		newer.push_back(record(10, "question@x", jane));
		store.commit(inbox, 9, newer, cursor);
		CPPUNIT_ASSERT_EQUAL(id("question@x"), scalar("SELECT parent_id FROM notes WHERE message_id = 'answer@x'"));
		CPPUNIT_ASSERT_EQUAL(std::string(), scalar("SELECT parent_id FROM notes WHERE message_id = 'reply1@x'"));
		CPPUNIT_ASSERT_EQUAL(std::string("5"), scalar("SELECT COUNT(*) FROM mb_thread_wait"));

		std::vector<sync::MessageRecord> older;
		for (int i = 1; i <= 5; ++i) older.push_back(record(10 - i, "root" + std::to_string(i) + "@x", jane));
		cursor.backfillFloor = 1;
		store.commit(inbox, 9, older, cursor);
		for (int i = 1; i <= 5; ++i)
		{
			const std::string n = std::to_string(i);
			CPPUNIT_ASSERT_EQUAL(id("root" + n + "@x"), scalar("SELECT parent_id FROM notes WHERE message_id = 'reply" + n + "@x'"));
		}
		CPPUNIT_ASSERT_EQUAL(std::string("0"), scalar("SELECT COUNT(*) FROM mb_thread_wait"));
		CPPUNIT_ASSERT_EQUAL(std::string("12"), scalar("SELECT COUNT(*) FROM notes"));
		assertGrouped();
	}

protected:
	virtual std::string name() const = 0;
	virtual std::string connectionString() const = 0;

private:
	static sync::MessageRecord record(std::uint32_t uid, const std::string& messageId, const std::vector<sync::PersonRef>& people)
	{
		sync::MessageRecord r;
		r.uid = uid;
		r.messageId = messageId;
		r.contentHash = std::string(64, 'c');
		r.subject = "About " + messageId;
		r.senderAddress = "alice@example.test";
		r.direction = sync::Direction::Out;
		r.outcome = sync::Outcome::Logged;
		r.people = people;
		return r;
	}

	void run(const std::string& file)
	{
		std::ifstream in(file);
		std::stringstream text;
		text << in.rdbuf();
		for (const auto& s: mapping::SqlScript::split(text.str())) _db->execute(s);
	}

	std::string id(const std::string& messageId)
	{
		const std::string key = scalar("SELECT id FROM notes WHERE message_id = '" + messageId + "'");
		CPPUNIT_ASSERT_MESSAGE(messageId, !key.empty());
		return key;
	}

	std::string scalar(const std::string& sql)
	{
		Poco::Data::Statement stmt(_db->session());
		stmt << sql;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		return rs.moveFirst() && !rs.value(0).isEmpty() ? rs.value(0).convert<std::string>() : std::string();
	}

	std::unique_ptr<mapping::OdbcConnection> _db;
	mapping::Mapping _mapping;
	Poco::AutoPtr<Warnings> _warnings;
};

class PostgreSQLMappedSyncStoreTest: public MappedSyncStoreScenario
{
	CPPUNIT_TEST_SUITE(PostgreSQLMappedSyncStoreTest);
	CPPUNIT_TEST(testBatchThroughMapping);
	CPPUNIT_TEST(testThreadsThroughMapping);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string name() const override { return "postgresql"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_PG_ODBC"); }
};

class MariaDBMappedSyncStoreTest: public MappedSyncStoreScenario
{
	CPPUNIT_TEST_SUITE(MariaDBMappedSyncStoreTest);
	CPPUNIT_TEST(testBatchThroughMapping);
	CPPUNIT_TEST(testThreadsThroughMapping);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string name() const override { return "mariadb"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_MARIADB_ODBC"); }
};

class SQLiteMappedSyncStoreTest: public MappedSyncStoreScenario
{
	CPPUNIT_TEST_SUITE(SQLiteMappedSyncStoreTest);
	CPPUNIT_TEST(testBatchThroughMapping);
	CPPUNIT_TEST(testThreadsThroughMapping);
	CPPUNIT_TEST_SUITE_END();

protected:
	std::string name() const override { return "sqlite"; }
	std::string connectionString() const override { return TestEnv::instance().get("MB_SQLITE_ODBC"); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PostgreSQLMappedSyncStoreTest);
CPPUNIT_TEST_SUITE_REGISTRATION(MariaDBMappedSyncStoreTest);
CPPUNIT_TEST_SUITE_REGISTRATION(SQLiteMappedSyncStoreTest);
