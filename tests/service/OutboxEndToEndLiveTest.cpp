//
// OutboxEndToEndLiveTest.cpp
//
// A row inserted into mb_outbox on the stack's PostgreSQL, MariaDB and
// SQLite, driven by OutboxProcessor through the ODBC store and composer,
// Dovecot submission (as alice) and alice's Sent folder: it ends logged,
// bob's INBOX holds it once, and Sent holds it once; also after the worker
// died between two steps and another took the row over.
//

#include "OutboxTestRows.h"
#include "connector/imap/ImapSession.h"
#include "connector/service/ImapSentFiler.h"
#include "connector/service/OdbcOutboxComposer.h"
#include "connector/service/OdbcOutboxStore.h"
#include "connector/service/SmtpOutboxSender.h"
#include "connector/smtp/SmtpSender.h"
#include "connector/sync/OutboxProcessor.h"
#include "mapping/store/OdbcConnection.h"
#include "tests/common/TestEnv.h"
#include "tests/service/MailStackSupport.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <unistd.h>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::test::OutboxRowSpec;
using mailbridge::test::OutboxTestRows;
using mailbridge::test::TestEnv;

namespace {

class LedgerLogger: public sync::ActivityLogger
	/// The activity as the mapping would write it, kept in memory.
{
public:
	bool logged(const std::string& messageId) override
	{
		return std::count(ids.begin(), ids.end(), messageId) > 0;
	}

	void log(const sync::OutboxItem& item, const std::string& message) override
	{
		ids.push_back(item.messageId);
		messages.push_back(message);
	}

	std::vector<std::string> ids;
	std::vector<std::string> messages;
};

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

} // namespace

class OutboxEndToEndScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_db.reset(new OdbcConnection(connectionString()));
		_rows.reset(new OutboxTestRows(*_db));
	}

	void tearDown() override
	{
		_rows.reset();
		_db.reset();
	}

	void testQueuedRowSentFiledLogged()
	{
		const TestEnv& env = TestEnv::instance();
		// A queue of its own; alice's account sends and files.
		std::string mailbox = OutboxTestRows::uniqueName("outbox.e2e.") + "@example.test";
		OutboxRowSpec spec;
		spec.to = "Bob <" + env.get("MB_USER2") + ">";
		spec.bcc = env.get("MB_USER3");
		spec.subject = "Ihre Bewerbung \xE2\x80\x93 n\xC3\xA4" "chste Schritte";
		spec.text = "Dear Bob,\nsee you on Tuesday.\n";
		spec.html = "<p>Dear Bob,</p><p>see you on <b>Tuesday</b>.</p>";
		Poco::Timestamp now;
		spec.sendAt = now - 1000000;
		std::int64_t id = _rows->insert(mailbox, spec);

		service::OdbcOutboxStore store(*_db);
		service::OdbcOutboxComposer composer(*_db);
		smtp::SmtpSender smtp(test::aliceSubmission());
		service::SmtpOutboxSender sender(smtp);
		auto imap = test::stackLogin("MB_USER1", "MB_PASS1");
		service::ImapSentFiler filer(*imap, false);
		LedgerLogger ledger;
		sync::OutboxOptions options;
		options.mailbox = mailbox;
		options.worker = "e2e-" + std::to_string(::getpid());
		sync::OutboxProcessor processor(store, composer, sender, filer, ledger, options);

		CPPUNIT_ASSERT_EQUAL(std::size_t(1), processor.runOnce(now));
		sync::OutboxItem row = store.load(id);
		CPPUNIT_ASSERT_EQUAL(std::string("logged"), std::string(sync::toString(row.state)));
		CPPUNIT_ASSERT(!row.messageId.empty());
		CPPUNIT_ASSERT(row.filedUid != 0);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), row.recipients.size());
		for (const auto& r: row.recipients)
		{
			CPPUNIT_ASSERT(r.state == sync::OutboxRecipient::Accepted);
			CPPUNIT_ASSERT_EQUAL(std::string("250"), r.reply.substr(0, 3));
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), ledger.ids.size());
		CPPUNIT_ASSERT_EQUAL(row.messageId, ledger.ids[0]);
		// Nothing left to do, even once every claim would have run out.
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), processor.runOnce(now + 3600LL * 1000000));

		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*imap, filer.folder(), row.messageId));
		CPPUNIT_ASSERT_EQUAL(row.filedUid, filer.find(row.messageId));
		imap->logout();
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER2", "MB_PASS2", row.messageId));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER3", "MB_PASS3", row.messageId));
		// The filed copy and the logged one are the bytes that were sent: no Bcc.
		CPPUNIT_ASSERT(ledger.messages[0].find(env.get("MB_USER3")) == std::string::npos);
	}

	void testDeadWorkersRowTakenOver()
	{
		// A worker dies after the APPEND, with the row still `accepted`
		// under its claim. Another worker takes it over once the lease ran
		// out, finds the copy in Sent by Message-ID and logs it: the message
		// went out once and is filed once.
		const TestEnv& env = TestEnv::instance();
		std::string mailbox = OutboxTestRows::uniqueName("outbox.takeover.") + "@example.test";
		OutboxRowSpec spec;
		spec.to = env.get("MB_USER2");
		spec.subject = "Taken over";
		Poco::Timestamp now;
		spec.sendAt = now - 1000000;
		std::int64_t id = _rows->insert(mailbox, spec);

		sync::OutboxOptions options;
		options.mailbox = mailbox;
		smtp::SmtpSender smtp(test::aliceSubmission());
		service::SmtpOutboxSender sender(smtp);
		auto imap = test::stackLogin("MB_USER1", "MB_PASS1");
		service::ImapSentFiler filer(*imap, false);
		LedgerLogger ledger;
		{
			OdbcConnection db(connectionString());
			service::OdbcOutboxStore store(db);
			service::OdbcOutboxComposer composer(db);
			CrashAfterAppend dying(filer);
			options.worker = "dead-" + std::to_string(::getpid());
			sync::OutboxProcessor processor(store, composer, sender, dying, ledger, options);
			CPPUNIT_ASSERT_THROW(processor.runOnce(now), Crash);
		}
		service::OdbcOutboxStore store(*_db);
		sync::OutboxItem left = store.load(id);
		CPPUNIT_ASSERT(left.state == sync::OutboxState::Accepted);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*imap, filer.folder(), left.messageId));

		service::OdbcOutboxComposer composer(*_db);
		options.worker = "heir-" + std::to_string(::getpid());
		sync::OutboxProcessor heir(store, composer, sender, filer, ledger, options);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), heir.runOnce(now + options.lease.totalMicroseconds() / 2));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), heir.runOnce(now + options.lease.totalMicroseconds()));
		sync::OutboxItem row = store.load(id);
		CPPUNIT_ASSERT(row.state == sync::OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(options.worker, row.claimedBy);
		CPPUNIT_ASSERT_EQUAL(left.messageId, row.messageId);
		CPPUNIT_ASSERT(row.filedUid != 0);
		CPPUNIT_ASSERT_EQUAL(row.filedUid, filer.find(row.messageId));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countCopies(*imap, filer.folder(), row.messageId));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), ledger.ids.size());
		imap->logout();
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), test::countDelivered("MB_USER2", "MB_PASS2", row.messageId));
	}

protected:
	virtual std::string connectionString() const = 0;

	std::unique_ptr<OdbcConnection> _db;
	std::unique_ptr<OutboxTestRows> _rows;
};

#define MB_OUTBOX_END_TO_END_TESTS(Fixture, envKey) \
	class Fixture: public OutboxEndToEndScenario \
	{ \
		CPPUNIT_TEST_SUITE(Fixture); \
		CPPUNIT_TEST(testQueuedRowSentFiledLogged); \
		CPPUNIT_TEST(testDeadWorkersRowTakenOver); \
		CPPUNIT_TEST_SUITE_END(); \
	protected: \
		std::string connectionString() const override { return test::TestEnv::instance().get(envKey); } \
	}; \
	CPPUNIT_TEST_SUITE_REGISTRATION(Fixture)

MB_OUTBOX_END_TO_END_TESTS(PostgreSQLOutboxEndToEndTest, "MB_PG_ODBC");
MB_OUTBOX_END_TO_END_TESTS(MariaDBOutboxEndToEndTest, "MB_MARIADB_ODBC");
MB_OUTBOX_END_TO_END_TESTS(SQLiteOutboxEndToEndTest, "MB_SQLITE_ODBC");
