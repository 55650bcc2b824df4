//
// OdbcSyncStoreLiveTest.cpp
//
// The engine's store over ODBC on the stack's PostgreSQL, MariaDB and
// SQLite: one transaction per batch, one activity per person and message,
// refused values, UIDVALIDITY rekeying, and the engine driving it.
//

#include "mapping/store/ActivityWriter.h"
#include "connector/service/OdbcStatusSink.h"
#include "connector/service/OdbcSyncStore.h"
#include "connector/sync/FolderSync.h"
#include "connector/sync/InboundProcessor.h"
#include "connector/sync/SubjectKey.h"
#include "connector/sync/RecordRefused.h"
#include "mapping/sql/SqlScript.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include "mapping/store/SchemaInstaller.h"
#include "tests/common/TestEnv.h"
#include "tests/sync/FakeMailbox.h"
#include "tests/sync/FakeStore.h"
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>
#include <memory>
#include <sstream>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::mapping::ParamBinder;

namespace {

const sync::FolderKey INBOX{"alice@example.test", "INBOX"};
const sync::FolderKey SENT{"alice@example.test", "Sent"};

class TableWriter: public mapping::ActivityWriter
	/// Writes t_activity rows; the table's CHECK refuses the subject REFUSE.
{
public:
	bool linkParent(OdbcConnection& db, const std::string& childKey, const std::string& parentKey) override
	{
		mapping::SqlStatement s;
		s.text = "UPDATE t_activity SET parent_key = ? WHERE activity_key = ?";
		s.params = {"parent", "k"};
		ParamBinder p;
		p.text("parent", parentKey);
		p.text("k", childKey);
		p.execute(db.session(), s);
		return true;
	}

	std::string write(OdbcConnection& db, const mapping::ActivityRequest& request) override
	{
		std::string key = "A" + std::to_string(++_next);
		mapping::SqlStatement s;
		s.text = "INSERT INTO t_activity (activity_key, person_key, subject, parent_key) VALUES (?, ?, ?, ?)";
		s.params = {"k", "p", "s", "parent"};
		ParamBinder p;
		p.text("k", key);
		p.text("p", request.person.key);
		p.text("s", request.record.subject);
		p.nullableText("parent", request.parentActivityKey);
		try
		{
			p.execute(db.session(), s);
		}
		catch (std::exception& exc)
		{
			OdbcConnection::translate(exc, s.text);
		}
		return key;
	}

private:
	int _next = 0;
};

sync::MessageRecord record(std::uint32_t uid, const std::string& messageId, const std::string& person,
	const std::string& subject = "Hello")
{
	sync::MessageRecord r;
	r.uid = uid;
	r.messageId = messageId;
	r.contentHash = std::string(64, 'a');
	r.size = 1000 + uid;
	r.subject = subject;
	r.outcome = sync::Outcome::Logged;
	sync::PersonRef ref;
	ref.table = "candidates";
	ref.kind = "C";
	ref.key = person;
	r.people.push_back(ref);
	return r;
}

sync::FolderCursor cursor(std::uint32_t validity, std::uint32_t lastUid)
{
	sync::FolderCursor c;
	c.uidValidity = validity;
	c.lastUid = lastUid;
	c.backfillFloor = 1;
	c.highestModSeq = 77;
	return c;
}

} // namespace

class OdbcSyncStoreScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_db.reset(new OdbcConnection(connectionString()));
		mapping::SchemaInstaller installer(*_db, MB_SHARE_DIR);
		std::ifstream in(installer.scriptPath("uninstall.sql"));
		std::stringstream text;
		text << in.rdbuf();
		for (const auto& s: mapping::SqlScript::split(text.str())) _db->execute(s);
		installer.install();
		try { _db->execute("DROP TABLE t_activity"); } catch (std::exception&) {}
		_db->execute("CREATE TABLE t_activity (activity_key VARCHAR(40) NOT NULL PRIMARY KEY, person_key VARCHAR(80),"
			" subject VARCHAR(200) CHECK (subject <> 'REFUSE'), parent_key VARCHAR(40))");
		_store.reset(new service::OdbcSyncStore(*_db, _writer));
	}

	void tearDown() override
	{
		_store.reset();
		_db.reset();
	}

	void testCommitAndCursor()
	{
		_store->commit(INBOX, 500, {record(1, "a@x", "c1"), record(2, "b@x", "c2")}, cursor(500, 2));
		CPPUNIT_ASSERT_EQUAL(2, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(2, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(2, count("mb_message_activity"));
		sync::FolderCursor c = _store->loadCursor(INBOX);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(500), c.uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), c.lastUid);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(1), c.backfillFloor);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(77), c.highestModSeq);
		CPPUNIT_ASSERT(!_store->loadCursor(SENT).synced());
		CPPUNIT_ASSERT_EQUAL(std::string("candidates:c1"), scalar("SELECT person_keys FROM mb_ledger WHERE imap_uid = 1"));
	}

	void testOneActivityPerPersonAndMessage()
	{
		_store->commit(INBOX, 500, {record(1, "same@x", "c1")}, cursor(500, 1));
		// the same message in Sent, and in another recruiter's INBOX
		_store->commit(SENT, 9, {record(4, "same@x", "c1")}, cursor(9, 4));
		_store->commit(sync::FolderKey{"bob@example.test", "INBOX"}, 3, {record(7, "same@x", "c1")}, cursor(3, 7));
		CPPUNIT_ASSERT_EQUAL(1, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(3, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(std::string("A1"), scalar("SELECT activity_keys FROM mb_ledger WHERE imap_uid = 7"));
	}

	void testRefusedValueRollsBackBatch()
	{
		try
		{
			_store->commit(INBOX, 500, {record(1, "a@x", "c1"), record(2, "b@x", "c2", "REFUSE")}, cursor(500, 2));
			CPPUNIT_FAIL("the refused subject must throw");
		}
		catch (sync::RecordRefused& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), exc.uid());
		}
		CPPUNIT_ASSERT_EQUAL(0, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(0, count("mb_ledger"));
		CPPUNIT_ASSERT(!_store->loadCursor(INBOX).synced());
	}

	void testThreadingFindsParent()
	{
		_store->commit(INBOX, 500, {record(1, "first@x", "c1")}, cursor(500, 1));
		sync::MessageRecord reply = record(2, "second@x", "c1");
		reply.parentIds = {"unknown@x", "first@x"};
		_store->commit(INBOX, 500, {reply}, cursor(500, 2));
		CPPUNIT_ASSERT_EQUAL(std::string("A1"), scalar("SELECT parent_key FROM t_activity WHERE activity_key = 'A2'"));
	}

	void testReplyBeforeItsParent()
	{
		// The reply is synced first (INBOX before Sent): no parent yet.
		sync::MessageRecord reply = record(1, "reply@x", "c1");
		reply.parentIds = {"original@x", "root@x"};
		_store->commit(INBOX, 500, {reply}, cursor(500, 1));
		CPPUNIT_ASSERT_EQUAL(std::string(""), scalar("SELECT COALESCE(parent_key, '') FROM t_activity WHERE activity_key = 'A1'"));
		// The original comes from Sent: the waiting reply is linked to it.
		_store->commit(SENT, 700, {record(1, "original@x", "c1")}, cursor(700, 1));
		CPPUNIT_ASSERT_EQUAL(std::string("A2"), scalar("SELECT parent_key FROM t_activity WHERE activity_key = 'A1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("0"), scalar("SELECT COUNT(*) FROM mb_thread_wait"));
		// Another person's copy of the original does not touch c1's reply.
		_store->commit(SENT, 700, {record(2, "other@x", "c2")}, cursor(700, 2));
		CPPUNIT_ASSERT_EQUAL(std::string("A2"), scalar("SELECT parent_key FROM t_activity WHERE activity_key = 'A1'"));
	}

	void testLedgeredMessagesNotWrittenAgain()
	{
		_store->commit(INBOX, 500, {record(1, "a@x", "c1"), record(2, "b@x", "c2")}, cursor(500, 2));
		// 1 and 2 come again (now with another person), between new ones.
		std::vector<sync::MessageRecord> batch;
		batch.push_back(record(3, "c@x", "c3"));
		batch.push_back(record(1, "a@x", "c9"));
		batch.push_back(record(4, "d@x", "c4"));
		batch.push_back(record(2, "b@x", "c2", "REFUSE")); // would be refused if it were written
		_store->commit(INBOX, 500, batch, cursor(500, 4));
		CPPUNIT_ASSERT_EQUAL(4, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(4, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(4, count("mb_message_activity"));
		CPPUNIT_ASSERT_EQUAL(std::string("candidates:c1"), scalar("SELECT person_keys FROM mb_ledger WHERE imap_uid = 1"));
		CPPUNIT_ASSERT_EQUAL(std::string("A4"), scalar("SELECT activity_keys FROM mb_ledger WHERE imap_uid = 4"));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), _store->loadCursor(INBOX).lastUid);
	}

	void testRangeBackfillAddsMissingActivities()
	{
		// commitRecords() keeps the ledger row but writes a person's missing activity.
		_store->commit(INBOX, 500, {record(1, "a@x", "c1")}, cursor(500, 1));
		sync::MessageRecord again = record(1, "a@x", "c1");
		sync::PersonRef added = again.people.front();
		added.key = "c2";
		again.people.push_back(added);
		_store->commitRecords(INBOX, 500, {again});
		CPPUNIT_ASSERT_EQUAL(2, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(1, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(std::string("A1"), scalar("SELECT activity_key FROM mb_message_activity WHERE person_key = 'c1'"));
		CPPUNIT_ASSERT_EQUAL(std::string("A2"), scalar("SELECT activity_key FROM mb_message_activity WHERE person_key = 'c2'"));
	}

	void testLargeBatchRefusalRollsBackAll()
	{
		// More records than two IN lists hold (and rows for several inserts), some ledgered already; one
		// refused value near the end rolls back the whole batch and is named.
		std::vector<sync::MessageRecord> first;
		for (std::uint32_t uid = 1; uid <= 20; ++uid) first.push_back(record(uid, "m" + std::to_string(uid) + "@x", "c1"));
		_store->commit(INBOX, 500, first, cursor(500, 20));
		std::vector<sync::MessageRecord> batch;
		for (std::uint32_t uid = 1; uid <= 1100; ++uid)
			batch.push_back(record(uid, "m" + std::to_string(uid) + "@x", "c" + std::to_string(uid % 7), uid == 1090 ? "REFUSE" : "Hello"));
		try
		{
			_store->commit(INBOX, 500, batch, cursor(500, 1100));
			CPPUNIT_FAIL("the refused subject must throw");
		}
		catch (sync::RecordRefused& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::uint32_t(1090), exc.uid());
		}
		CPPUNIT_ASSERT_EQUAL(20, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(20, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(20, count("mb_message_activity"));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(20), _store->loadCursor(INBOX).lastUid);
		// Without the refused value, the same batch writes the 1,080 new ones.
		batch[1089].subject = "Hello";
		_store->commit(INBOX, 500, batch, cursor(500, 1100));
		CPPUNIT_ASSERT_EQUAL(1100, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(1100, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(1100), _store->loadCursor(INBOX).lastUid);
	}

	void testGroupedRowRefusedNamesMessage()
	{
		// mb_message_activity's key holds 255 characters; the batch's rows go
		// in many per statement, and the refused one is still named.
		std::vector<sync::MessageRecord> batch;
		for (std::uint32_t uid = 1; uid <= 60; ++uid)
			batch.push_back(record(uid, uid == 30 ? std::string(300, 'x') + "@x" : "m" + std::to_string(uid) + "@x", "c1"));
		try
		{
			_store->commit(INBOX, 500, batch, cursor(500, 60));
			// SQLite does not enforce a VARCHAR's length.
			CPPUNIT_ASSERT(_db->dialect().vendor() == mapping::Dialect::SQLite);
			CPPUNIT_ASSERT_EQUAL(60, count("mb_message_activity"));
			return;
		}
		catch (sync::RecordRefused& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::uint32_t(30), exc.uid());
		}
		CPPUNIT_ASSERT_EQUAL(0, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(0, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(0, count("mb_message_activity"));
	}

	void testThreadingWithinOneBatch()
	{
		// Newest first, as a backfill goes, and one reply (UID 1) before the
		// message it answers (UID 2): the parent is written first, so both
		// replies go in with their link set and nobody waits.
		sync::MessageRecord reply = record(3, "reply@x", "c1");
		reply.parentIds = {"root@x"};
		sync::MessageRecord early = record(1, "early@x", "c1");
		early.parentIds = {"root@x"};
		_store->commit(INBOX, 500, {reply, record(2, "root@x", "c1"), early}, cursor(500, 3));
		const std::string root = scalar("SELECT activity_keys FROM mb_ledger WHERE imap_uid = 2");
		CPPUNIT_ASSERT_EQUAL(std::string("A1"), root);
		CPPUNIT_ASSERT_EQUAL(root, scalar("SELECT parent_key FROM t_activity WHERE activity_key = '"
			+ scalar("SELECT activity_keys FROM mb_ledger WHERE imap_uid = 1") + "'"));
		CPPUNIT_ASSERT_EQUAL(root, scalar("SELECT parent_key FROM t_activity WHERE activity_key = '"
			+ scalar("SELECT activity_keys FROM mb_ledger WHERE imap_uid = 3") + "'"));
		CPPUNIT_ASSERT_EQUAL(std::string(), scalar("SELECT parent_key FROM t_activity WHERE activity_key = 'A1'"));
		CPPUNIT_ASSERT_EQUAL(0, count("mb_thread_wait"));
		// The same message twice in one batch (a copy under another UID): one activity.
		_store->commit(INBOX, 500, {record(4, "dup@x", "c1"), record(5, "dup@x", "c1")}, cursor(500, 5));
		CPPUNIT_ASSERT_EQUAL(4, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(std::string("A4"), scalar("SELECT activity_keys FROM mb_ledger WHERE imap_uid = 5"));
	}

	std::string activityOf(std::uint32_t uid)
	{
		return scalar("SELECT activity_keys FROM mb_ledger WHERE imap_uid = " + std::to_string(uid));
	}

	std::string parentOf(std::uint32_t uid)
	{
		return scalar("SELECT parent_key FROM t_activity WHERE activity_key = '" + activityOf(uid) + "'");
	}

	static sync::MessageRecord titled(std::uint32_t uid, const std::string& messageId, const std::string& person,
		const std::string& subject, int hoursAgo, int threadingDays)
	{
		// As InboundProcessor fills them: the key always, the window only
		// for a reply (prefix) with subject_threading on.
		sync::MessageRecord r = record(uid, messageId, person, subject);
		r.date = Poco::Timestamp() - Poco::Timespan(0, hoursAgo, 0, 0, 0);
		r.subjectKey = sync::InboundProcessor::sha256(sync::SubjectKey::normalize(subject));
		r.subjectThreadingDays = threadingDays;
		return r;
	}

	void testSubjectThreading()
	{
		// Logged before: the thread's first message, and another person's
		// message under the same subject (newer, so it would win if persons
		// were not told apart).
		_store->commit(INBOX, 500, {titled(1, "root@x", "c1", "Interview Thursday", 72, 0),
			titled(2, "other@x", "c2", "Interview Thursday", 48, 0),
			titled(3, "old@x", "c1", "Salary", 60 * 24, 0)}, cursor(500, 3));
		// Replies without In-Reply-To or References.
		_store->commit(INBOX, 500, {titled(4, "reply@x", "c1", "Re: Interview Thursday", 24, 30),
			titled(5, "off@x", "c1", "Re: Interview Thursday", 20, 0),
			titled(6, "late@x", "c1", "Re: Salary", 24, 30),
			titled(7, "alone@x", "c3", "Re: Interview Thursday", 24, 30),
			// In one batch, the reply before the message it answers (newest first).
			titled(9, "offer-reply@x", "c1", "AW: [Jobs] Offer", 96, 30),
			titled(8, "offer@x", "c1", "Offer", 120, 0),
			// Dated before c2's only message under its subject: nothing it answers.
			titled(10, "early@x", "c2", "Re: Interview Thursday", 96, 30)}, cursor(500, 10));
		CPPUNIT_ASSERT_EQUAL(activityOf(1), parentOf(4));  // off@x is later than it
		CPPUNIT_ASSERT_EQUAL(std::string(), parentOf(5));  // subject_threading off for it
		CPPUNIT_ASSERT_EQUAL(std::string(), parentOf(6));  // 59 days apart, 30 allowed
		CPPUNIT_ASSERT_EQUAL(std::string(), parentOf(7));  // nobody else's thread
		CPPUNIT_ASSERT_EQUAL(activityOf(8), parentOf(9));
		CPPUNIT_ASSERT_EQUAL(std::string(), parentOf(10));
		CPPUNIT_ASSERT_EQUAL(0, count("mb_thread_wait"));

		// Row by row (after a refused row) the same rule holds.
		std::vector<sync::MessageRecord> again{titled(11, "reply2@x", "c1", "RE: Interview Thursday", 0, 30),
			titled(12, "bad@x", "c1", "REFUSE", 0, 0)};
		try
		{
			_store->commit(INBOX, 500, again, cursor(500, 12));
			CPPUNIT_FAIL("the refused subject must throw");
		}
		catch (sync::RecordRefused&) {}
		again.pop_back();
		_store->commit(INBOX, 500, again, cursor(500, 11));
		// The latest earlier one under that subject for c1: off@x, 20 hours old.
		CPPUNIT_ASSERT_EQUAL(activityOf(5), parentOf(11));
	}

	void testThreadChainsAndLoopsInOneBatch()
	{
		// A chain of three, newest first; the last cites its grandparent too.
		sync::MessageRecord first = record(11, "one@x", "c1");
		sync::MessageRecord second = record(12, "two@x", "c1");
		second.parentIds = {"one@x"};
		sync::MessageRecord third = record(13, "three@x", "c1");
		third.parentIds = {"two@x", "one@x"};
		// Two messages whose References point at each other.
		sync::MessageRecord ping = record(14, "ping@x", "c1");
		ping.parentIds = {"pong@x"};
		sync::MessageRecord pong = record(15, "pong@x", "c1");
		pong.parentIds = {"ping@x"};
		// The nearest parent was never logged; a farther one is in the batch.
		sync::MessageRecord far = record(16, "far@x", "c1");
		far.parentIds = {"missing@x", "one@x"};
		_store->commit(INBOX, 500, {far, pong, ping, third, second, first}, cursor(500, 16));

		CPPUNIT_ASSERT_EQUAL(6, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(std::string(), parentOf(11));
		CPPUNIT_ASSERT_EQUAL(activityOf(11), parentOf(12));
		CPPUNIT_ASSERT_EQUAL(activityOf(12), parentOf(13));
		// The loop is linked as the headers say, both ways, and nothing waits for it.
		CPPUNIT_ASSERT_EQUAL(activityOf(15), parentOf(14));
		CPPUNIT_ASSERT_EQUAL(activityOf(14), parentOf(15));
		CPPUNIT_ASSERT_EQUAL(activityOf(11), parentOf(16));
		CPPUNIT_ASSERT_EQUAL(1, count("mb_thread_wait"));
		CPPUNIT_ASSERT_EQUAL(std::string("<missing@x>"), scalar("SELECT parent_key FROM mb_thread_wait"));
	}

	void testStagedSender()
	{
		sync::MessageRecord r = record(3, "new@x", "");
		r.people.clear();
		r.outcome = sync::Outcome::Staged;
		r.senderAddress = "newbie@example.org";
		r.senderName = "Nina Newbie";
		_store->commit(INBOX, 500, {r}, cursor(500, 3));
		CPPUNIT_ASSERT_EQUAL(std::string("newbie@example.org"), scalar("SELECT address FROM mb_unknown_sender"));
		CPPUNIT_ASSERT_EQUAL(0, count("t_activity"));
	}

	void testRekeyAfterValidityChange()
	{
		_store->commit(INBOX, 500, {record(1, "a@x", "c1"), record(2, "b@x", "c1"), record(3, "c@x", "c1")}, cursor(500, 3));
		_store->rekey(INBOX, 500, 600, {{1, 10}, {3, 11}}, cursor(600, 11));
		auto rows = _store->ledger(INBOX, 600);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(10), rows[0].uid);
		CPPUNIT_ASSERT_EQUAL(std::string("a@x"), rows[0].messageId);
		CPPUNIT_ASSERT(_store->ledger(INBOX, 500).empty());
		CPPUNIT_ASSERT_EQUAL(3, count("mb_ledger"));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(600), _store->loadCursor(INBOX).uidValidity);
	}

	void testRekeySameValidityOverlapping()
	{
		// UIDNEXT went back: old 1,2,3 are now 2,3 (old 3 gone); new UIDs overlap old ones.
		_store->commit(INBOX, 500, {record(1, "a@x", "c1"), record(2, "b@x", "c1"), record(3, "c@x", "c1")}, cursor(500, 3));
		_store->rekey(INBOX, 500, 500, {{1, 2}, {2, 3}}, cursor(500, 3));
		auto rows = _store->ledger(INBOX, 500);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), rows[0].uid);
		CPPUNIT_ASSERT_EQUAL(std::string("a@x"), rows[0].messageId);
		CPPUNIT_ASSERT_EQUAL(std::string("b@x"), rows[1].messageId);
	}

	void testMarkExpunged()
	{
		_store->commit(INBOX, 500, {record(1, "a@x", "c1"), record(2, "b@x", "c1")}, cursor(500, 2));
		_store->markExpunged(INBOX, 500, {1}, cursor(500, 2));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), _store->ledger(INBOX, 500).size());
		CPPUNIT_ASSERT_EQUAL(2, count("t_activity")); // activities stay: ATS records are records
	}

	void testLedgerUidRange()
	{
		std::vector<sync::MessageRecord> batch;
		for (std::uint32_t uid = 1; uid <= 6; ++uid) batch.push_back(record(uid, "m" + std::to_string(uid) + "@x", "c1"));
		_store->commit(INBOX, 500, batch, cursor(500, 6));
		_store->commit(INBOX, 501, {record(3, "other@x", "c1")}, cursor(501, 3));
		_store->markExpunged(INBOX, 500, {4}, cursor(500, 6));
		const std::vector<std::uint32_t> uids = _store->ledgerUids(INBOX, 500, 2, 5);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), uids.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(2), uids[0]);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), uids[1]);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(5), uids[2]);
		CPPUNIT_ASSERT(_store->ledgerUids(SENT, 500, 1, 6).empty());
	}

	void testEngineOverRealStore()
	{
		test::FakeMailbox mailbox;
		for (int i = 1; i <= 7; ++i)
			mailbox.add("INBOX", test::FakeMessage{"m" + std::to_string(i) + "@x", "c" + std::to_string(i % 3),
				Poco::Timestamp() - Poco::Timespan(1, 0, 0, 0, 0)});
		test::FakeProcessor processor;
		sync::FolderSyncOptions o;
		o.windowStart = Poco::Timestamp() - Poco::Timespan(90, 0, 0, 0, 0);
		o.batchMessages = 3;
		for (int run = 0; run < 2; ++run)
		{
			sync::FolderSync engine(mailbox, *_store, processor, o);
			for (int pass = 0; pass < 10; ++pass)
			{
				auto report = engine.syncOnce(INBOX, sync::FolderRole::Inbox);
				if (!report.backfillPending && !report.retryLater) break;
			}
		}
		CPPUNIT_ASSERT_EQUAL(7, count("t_activity"));
		CPPUNIT_ASSERT_EQUAL(7, count("mb_ledger"));
		CPPUNIT_ASSERT(_store->loadCursor(INBOX).backfillDone());
	}

	void testMailboxStatus()
	{
		service::OdbcStatusSink sink(*_db);
		service::MailboxState ok;
		ok.state = "idle";
		sink.report("alice@example.test", ok);
		service::MailboxState refused;
		refused.state = "stopped";
		refused.lastError = "login refused: [AUTHENTICATIONFAILED] Authentication failed.";
		sink.report("bob@example.test", refused);
		sink.report("alice@example.test", ok); // upsert, not a second row
		auto rows = service::OdbcStatusSink::read(*_db);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
		CPPUNIT_ASSERT_EQUAL(std::string("alice@example.test"), rows[0].mailbox);
		CPPUNIT_ASSERT_EQUAL(std::string("idle"), rows[0].state);
		CPPUNIT_ASSERT(!rows[0].lastSyncAt.empty());
		CPPUNIT_ASSERT(rows[1].lastSyncAt.empty());
		CPPUNIT_ASSERT_EQUAL(refused.lastError, rows[1].lastError);
		std::ostringstream out;
		service::OdbcStatusSink::print(out, rows);
		CPPUNIT_ASSERT(out.str().find("AUTHENTICATIONFAILED") != std::string::npos);
	}

protected:
	virtual std::string connectionString() const = 0;

	int count(const std::string& table)
	{
		return std::stoi(scalar("SELECT COUNT(*) FROM " + table));
	}

	std::string scalar(const std::string& sql)
	{
		Poco::Data::Statement stmt(_db->session());
		stmt << sql;
		stmt.execute();
		Poco::Data::RecordSet rs(stmt);
		CPPUNIT_ASSERT_MESSAGE(sql, rs.moveFirst());
		return rs.value(0).isEmpty() ? std::string() : rs.value(0).convert<std::string>();
	}

	std::unique_ptr<OdbcConnection> _db;
	TableWriter _writer;
	std::unique_ptr<service::OdbcSyncStore> _store;
};

#define MB_SYNC_STORE_TESTS(Fixture, envKey) \
	class Fixture: public OdbcSyncStoreScenario \
	{ \
		CPPUNIT_TEST_SUITE(Fixture); \
		CPPUNIT_TEST(testCommitAndCursor); \
		CPPUNIT_TEST(testOneActivityPerPersonAndMessage); \
		CPPUNIT_TEST(testRefusedValueRollsBackBatch); \
		CPPUNIT_TEST(testThreadingFindsParent); \
		CPPUNIT_TEST(testReplyBeforeItsParent); \
		CPPUNIT_TEST(testLedgeredMessagesNotWrittenAgain); \
		CPPUNIT_TEST(testRangeBackfillAddsMissingActivities); \
		CPPUNIT_TEST(testLargeBatchRefusalRollsBackAll); \
		CPPUNIT_TEST(testThreadingWithinOneBatch); \
		CPPUNIT_TEST(testThreadChainsAndLoopsInOneBatch); \
		CPPUNIT_TEST(testSubjectThreading); \
		CPPUNIT_TEST(testGroupedRowRefusedNamesMessage); \
		CPPUNIT_TEST(testStagedSender); \
		CPPUNIT_TEST(testRekeyAfterValidityChange); \
		CPPUNIT_TEST(testRekeySameValidityOverlapping); \
		CPPUNIT_TEST(testMarkExpunged); \
		CPPUNIT_TEST(testLedgerUidRange); \
		CPPUNIT_TEST(testEngineOverRealStore); \
		CPPUNIT_TEST(testMailboxStatus); \
		CPPUNIT_TEST_SUITE_END(); \
	protected: \
		std::string connectionString() const override { return test::TestEnv::instance().get(envKey); } \
	}; \
	CPPUNIT_TEST_SUITE_REGISTRATION(Fixture)

MB_SYNC_STORE_TESTS(PostgreSQLSyncStoreTest, "MB_PG_ODBC");
MB_SYNC_STORE_TESTS(MariaDBSyncStoreTest, "MB_MARIADB_ODBC");
MB_SYNC_STORE_TESTS(SQLiteSyncStoreTest, "MB_SQLITE_ODBC");
