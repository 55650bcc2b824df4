//
// OdbcOutboxStoreLiveTest.cpp
//
// The outbox store on the stack's PostgreSQL, MariaDB and SQLite: claim and
// transition round trip, two workers on two connections claiming at once,
// scheduled rows, stale leases taken over, and refused transitions.
//

#include "OutboxTestRows.h"
#include "connector/service/OdbcOutboxStore.h"
#include "mapping/sql/OwnTablesSql.h"
#include "mapping/store/OdbcConnection.h"
#include "mapping/store/ParamBinder.h"
#include <Poco/DateTime.h>
#include "tests/common/TestEnv.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <thread>

using namespace mailbridge;
using mailbridge::mapping::OdbcConnection;
using mailbridge::sync::OutboxItem;
using mailbridge::sync::OutboxRecipient;
using mailbridge::sync::OutboxState;
using mailbridge::test::OutboxRowSpec;
using mailbridge::test::OutboxTestRows;

namespace {

const Poco::Timestamp::TimeDiff Second = 1000000;
const Poco::Timespan Lease(600, 0);

Poco::Timestamp wholeSeconds(Poco::Timestamp t)
	/// MariaDB's DATETIME keeps whole seconds: the tests' clocks do too.
{
	return Poco::Timestamp::fromEpochTime(t.epochTime());
}

} // namespace

class OdbcOutboxStoreScenario: public CppUnit::TestFixture
{
public:
	void setUp() override
	{
		_db.reset(new OdbcConnection(connectionString()));
		_rows.reset(new OutboxTestRows(*_db));
		_store.reset(new service::OdbcOutboxStore(*_db));
		_mailbox = OutboxTestRows::uniqueName("outbox.store.") + "@example.test";
		_now = wholeSeconds(Poco::Timestamp());
	}

	void tearDown() override
	{
		_store.reset();
		_rows.reset();
		_db.reset();
	}

	void testClaimAndTransitionRoundTrip()
	{
		OutboxRowSpec spec;
		spec.to = "Bob <bob@example.test>, carol@example.net";
		spec.cc = "\"Doe, Dave\" <dave@example.org>, bob@example.test";
		spec.bcc = "archive@example.test";
		spec.sendAt = _now - 10 * Second;
		std::int64_t id = _rows->insert(_mailbox, spec);

		std::vector<OutboxItem> claimed = _store->claimDue(_mailbox, "w1", _now, Lease, 10);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), claimed.size());
		OutboxItem item = claimed[0];
		CPPUNIT_ASSERT_EQUAL(id, item.id);
		CPPUNIT_ASSERT(item.state == OutboxState::Claimed);
		CPPUNIT_ASSERT_EQUAL(std::string("w1"), item.claimedBy);
		CPPUNIT_ASSERT(item.claimedAt == _now);
		CPPUNIT_ASSERT(item.sendAt == _now - 10 * Second);
		CPPUNIT_ASSERT_EQUAL(_mailbox, item.mailbox);
		CPPUNIT_ASSERT_EQUAL(_mailbox, item.from);
		CPPUNIT_ASSERT(item.messageId.empty());
		// bob is in To and Cc: one recipient, as To.
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), item.recipients.size());
		CPPUNIT_ASSERT_EQUAL(std::string("bob@example.test"), item.recipients[0].address);
		CPPUNIT_ASSERT(item.recipients[0].kind == OutboxRecipient::To);
		CPPUNIT_ASSERT_EQUAL(std::string("carol@example.net"), item.recipients[1].address);
		CPPUNIT_ASSERT_EQUAL(std::string("dave@example.org"), item.recipients[2].address);
		CPPUNIT_ASSERT(item.recipients[2].kind == OutboxRecipient::Cc);
		CPPUNIT_ASSERT_EQUAL(std::string("archive@example.test"), item.recipients[3].address);
		CPPUNIT_ASSERT(item.recipients[3].kind == OutboxRecipient::Bcc);
		CPPUNIT_ASSERT(item.recipients[0].state == OutboxRecipient::Pending);
		CPPUNIT_ASSERT_EQUAL(std::string("claimed w1"), stateOf(id));

		// Claimed rows are not due again for another worker.
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w2", _now + Second, Lease, 10).empty());

		OutboxItem next = item;
		next.state = OutboxState::Sending;
		next.messageId = "<round-trip." + std::to_string(id) + "@example.test>";
		CPPUNIT_ASSERT(_store->transition(next, OutboxState::Claimed));
		item = next;

		next.state = OutboxState::Accepted;
		next.sentAt = _now + 2 * Second;
		for (auto& r: next.recipients)
		{
			r.state = OutboxRecipient::Accepted;
			r.reply = "250 2.1.5 Ok";
		}
		next.recipients[1].state = OutboxRecipient::Refused;
		next.recipients[1].reply = "550 5.0.0 <carol@example.net> Invalid recipient";
		next.recipients[2].state = OutboxRecipient::Deferred;
		next.recipients[2].reply = "451 4.3.0 try later";
		CPPUNIT_ASSERT(_store->transition(next, OutboxState::Sending));
		item = next;

		OutboxItem back = _store->load(id);
		CPPUNIT_ASSERT(back.state == OutboxState::Accepted);
		CPPUNIT_ASSERT_EQUAL(item.messageId, back.messageId);
		CPPUNIT_ASSERT(back.sentAt == _now + 2 * Second);
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), back.recipients.size());
		CPPUNIT_ASSERT(back.recipients[0].state == OutboxRecipient::Accepted);
		CPPUNIT_ASSERT(back.recipients[1].state == OutboxRecipient::Refused);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.0.0 <carol@example.net> Invalid recipient"), back.recipients[1].reply);
		CPPUNIT_ASSERT(back.recipients[2].state == OutboxRecipient::Deferred);
		CPPUNIT_ASSERT(back.recipients[3].state == OutboxRecipient::Accepted);
		CPPUNIT_ASSERT(back.recipients[3].kind == OutboxRecipient::Bcc);
		CPPUNIT_ASSERT_EQUAL(std::string("4"), _rows->scalar("SELECT COUNT(*) FROM mb_outbox_recipient WHERE outbox_id = "
			+ std::to_string(id)));
		CPPUNIT_ASSERT_EQUAL(std::string("cc"), trimmed(_rows->scalar("SELECT kind FROM mb_outbox_recipient WHERE outbox_id = "
			+ std::to_string(id) + " AND address = 'dave@example.org'")));

		next.state = OutboxState::Filed;
		next.filedUid = 42;
		CPPUNIT_ASSERT(_store->transition(next, OutboxState::Accepted));
		item = next;
		next.state = OutboxState::Logged;
		CPPUNIT_ASSERT(_store->transition(next, OutboxState::Filed));

		back = _store->load(id);
		CPPUNIT_ASSERT(back.state == OutboxState::Logged);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(42), back.filedUid);
		CPPUNIT_ASSERT(back.sentAt == _now + 2 * Second);
		CPPUNIT_ASSERT_EQUAL(std::string("4"), _rows->scalar("SELECT COUNT(*) FROM mb_outbox_recipient WHERE outbox_id = "
			+ std::to_string(id)));
		// Done: never due again, however late.
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w2", _now + 86400 * Second, Lease, 10).empty());
	}

	void testRetryWaitsForNextAttempt()
	{
		OutboxRowSpec spec;
		spec.to = "bob@example.test, Ren\xC3\xA9 <rene@example.org>";
		spec.sendAt = _now;
		std::int64_t id = _rows->insert(_mailbox, spec);
		OutboxItem item = claimOne("w1", _now);
		item.state = OutboxState::Sending;
		item.messageId = "<retry." + std::to_string(id) + "@example.test>";
		CPPUNIT_ASSERT(_store->transition(item, OutboxState::Claimed));
		OutboxItem next = item;
		next.state = OutboxState::Retry;
		next.recipients.at(0).state = OutboxRecipient::Deferred;
		next.recipients.at(0).reply = "451 4.7.1 greylisted";
		next.attempts = 1;
		next.lastError = "421 4.3.0 closing \xE2\x80\x93 sp\xC3\xA4ter";
		// Replies are the server's text: long, and not always ASCII.
		std::string longReply = "550 5.1.1 Empf\xC3\xA4nger unbekannt:";
		while (longReply.size() < 700) longReply += " Postfach \xC3\xBC" "berf\xC3\xBCllt;";
		next.recipients.at(1).state = OutboxRecipient::Refused;
		next.recipients.at(1).reply = longReply;
		next.nextAttemptAt = _now + 60 * Second;
		CPPUNIT_ASSERT(_store->transition(next, OutboxState::Sending));
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w2", _now + 59 * Second, Lease, 10).empty());
		OutboxItem again = claimOne("w2", _now + 60 * Second);
		CPPUNIT_ASSERT(again.state == OutboxState::Claimed);
		CPPUNIT_ASSERT_EQUAL(1, again.attempts);
		CPPUNIT_ASSERT_EQUAL(item.messageId, again.messageId);
		CPPUNIT_ASSERT_EQUAL(std::string("421 4.3.0 closing \xE2\x80\x93 sp\xC3\xA4ter"), again.lastError);
		CPPUNIT_ASSERT(again.nextAttemptAt == _now + 60 * Second);
		// The recipient's last reply comes back with the row.
		CPPUNIT_ASSERT(again.recipients.at(0).state == OutboxRecipient::Deferred);
		CPPUNIT_ASSERT_EQUAL(std::string("451 4.7.1 greylisted"), again.recipients.at(0).reply);
		CPPUNIT_ASSERT(again.recipients.at(1).state == OutboxRecipient::Refused);
		CPPUNIT_ASSERT_EQUAL(longReply, again.recipients.at(1).reply);
	}

	void testConcurrentClaimsNeverShareARow()
	{
		const int Rows = 50;
		std::set<std::int64_t> all;
		OutboxRowSpec spec;
		for (int i = 0; i < Rows; ++i)
		{
			spec.sendAt = _now - (Rows - i) * Second;
			all.insert(_rows->insert(_mailbox, spec));
		}
		std::vector<std::int64_t> got[2];
		std::string failure[2];
		std::atomic<int> ready{0};
		auto worker = [&](int n) {
			try
			{
				OdbcConnection db(connectionString());
				service::OdbcOutboxStore store(db);
				std::string name = "worker-" + std::to_string(n);
				// Both connections open before either claims.
				++ready;
				while (ready < 2) std::this_thread::yield();
				for (;;)
				{
					std::vector<OutboxItem> items = store.claimDue(_mailbox, name, _now, Lease, 5);
					if (items.empty()) break;
					for (const auto& item: items)
					{
						if (item.claimedBy != name || item.state != OutboxState::Claimed) failure[n] = "claimed wrongly";
						got[n].push_back(item.id);
					}
				}
			}
			catch (std::exception& exc)
			{
				++ready;
				failure[n] = exc.what();
			}
		};
		std::thread a(worker, 0), b(worker, 1);
		a.join();
		b.join();
		CPPUNIT_ASSERT_EQUAL(std::string(), failure[0]);
		CPPUNIT_ASSERT_EQUAL(std::string(), failure[1]);
		std::set<std::int64_t> first(got[0].begin(), got[0].end()), second(got[1].begin(), got[1].end());
		CPPUNIT_ASSERT_EQUAL(got[0].size(), first.size());
		CPPUNIT_ASSERT_EQUAL(got[1].size(), second.size());
		std::vector<std::int64_t> both;
		std::set_intersection(first.begin(), first.end(), second.begin(), second.end(), std::back_inserter(both));
		CPPUNIT_ASSERT_MESSAGE("a row claimed by both workers", both.empty());
		std::set<std::int64_t> together(first);
		together.insert(second.begin(), second.end());
		CPPUNIT_ASSERT(together == all);
		// The database agrees on every owner.
		for (std::int64_t id: first) CPPUNIT_ASSERT_EQUAL(std::string("claimed worker-0"), stateOf(id));
		for (std::int64_t id: second) CPPUNIT_ASSERT_EQUAL(std::string("claimed worker-1"), stateOf(id));
	}

	void testSecondClaimChangesNoRow()
	{
		// The race two workers run, step by step: both read the row as
		// queued, both send the claim; the second changes nothing.
		OutboxRowSpec spec;
		spec.sendAt = _now;
		std::int64_t id = _rows->insert(_mailbox, spec);
		mapping::OwnTablesSql sql(_db->dialect());
		auto claim = [&](const std::string& worker, const std::string& state, const std::string& previous,
			Poco::Timestamp at) {
			mapping::ParamBinder p;
			p.text("claimed_by", worker);
			p.timestamp("claimed_at", Poco::DateTime(at));
			p.integer("id", id);
			p.text("state", state);
			p.timestamp("now", Poco::DateTime(at));
			p.text("previous_claimed_by", previous);
			p.timestamp("stale_before", Poco::DateTime(at - Lease.totalMicroseconds()));
			return p.executeCounted(_db->session(), state == "queued" ? sql.outboxClaim() : sql.outboxTakeOver());
		};
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), claim("w1", "queued", "", _now));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), claim("w2", "queued", "", _now));
		CPPUNIT_ASSERT_EQUAL(std::string("claimed w1"), stateOf(id));
		// Two workers taking over the same stale claim.
		Poco::Timestamp later = _now + 601 * Second;
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), claim("w2", "claimed", "w1", later));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), claim("w3", "claimed", "w1", later));
		CPPUNIT_ASSERT_EQUAL(std::string("claimed w2"), stateOf(id));
	}

	void testFutureSendAtIsNotDue()
	{
		OutboxRowSpec spec;
		spec.sendAt = _now + 60 * Second;
		std::int64_t id = _rows->insert(_mailbox, spec);
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w1", _now, Lease, 10).empty());
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w1", _now + 59 * Second, Lease, 10).empty());
		CPPUNIT_ASSERT_EQUAL(std::string("queued "), stateOf(id));
		CPPUNIT_ASSERT_EQUAL(id, claimOne("w1", _now + 60 * Second).id);
	}

	void testStaleLeaseTakenOverInItsState()
	{
		OutboxRowSpec spec;
		spec.sendAt = _now;
		std::int64_t id = _rows->insert(_mailbox, spec);
		OutboxItem mine = claimOne("w1", _now);
		OutboxItem sending = mine;
		sending.state = OutboxState::Sending;
		sending.messageId = "<stale." + std::to_string(id) + "@example.test>";
		CPPUNIT_ASSERT(_store->transition(sending, OutboxState::Claimed));

		// Within the lease: still w1's.
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w2", _now + 599 * Second, Lease, 10).empty());
		OutboxItem taken = claimOne("w2", _now + 600 * Second);
		CPPUNIT_ASSERT(taken.state == OutboxState::Sending);
		CPPUNIT_ASSERT_EQUAL(std::string("w2"), taken.claimedBy);
		CPPUNIT_ASSERT_EQUAL(sending.messageId, taken.messageId);
		CPPUNIT_ASSERT(taken.claimedAt == _now + 600 * Second);
		// A third worker a moment later finds a fresh claim.
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w3", _now + 601 * Second, Lease, 10).empty());

		// w1 wakes up: its next step is refused and writes nothing.
		OutboxItem late = sending;
		late.state = OutboxState::Accepted;
		late.sentAt = _now + 700 * Second;
		CPPUNIT_ASSERT(!_store->transition(late, OutboxState::Sending));
		CPPUNIT_ASSERT_EQUAL(std::string("sending w2"), stateOf(id));

		OutboxItem next = taken;
		next.state = OutboxState::Accepted;
		next.sentAt = _now + 700 * Second;
		CPPUNIT_ASSERT(_store->transition(next, OutboxState::Sending));
		CPPUNIT_ASSERT_EQUAL(std::string("accepted w2"), stateOf(id));
	}

	void testLeaseEndsOnTimeWithFractions()
	{
		// Clocks carry microseconds; the lease still ends when it should
		// (MariaDB keeps whole seconds, so there it may end up to 1 s early).
		OutboxRowSpec spec;
		spec.sendAt = _now;
		_rows->insert(_mailbox, spec);
		Poco::Timestamp t = _now + 345678;
		claimOne("w1", t);
		CPPUNIT_ASSERT(_store->claimDue(_mailbox, "w2", t + Lease.totalMicroseconds() - Second, Lease, 10).empty());
		CPPUNIT_ASSERT_EQUAL(std::string("w2"), claimOne("w2", t + Lease.totalMicroseconds()).claimedBy);
	}

	void testWrongExpectedStateWritesNothing()
	{
		OutboxRowSpec spec;
		spec.sendAt = _now;
		std::int64_t id = _rows->insert(_mailbox, spec);
		OutboxItem item = claimOne("w1", _now);
		OutboxItem next = item;
		next.state = OutboxState::Accepted;
		next.messageId = "<wrong." + std::to_string(id) + "@example.test>";
		next.lastError = "should not be written";
		next.sentAt = _now;
		next.recipients[0].state = OutboxRecipient::Accepted;
		CPPUNIT_ASSERT(!_store->transition(next, OutboxState::Sending));
		// Right state, wrong owner: refused too.
		next.claimedBy = "w2";
		CPPUNIT_ASSERT(!_store->transition(next, OutboxState::Claimed));

		OutboxItem back = _store->load(id);
		CPPUNIT_ASSERT(back.state == OutboxState::Claimed);
		CPPUNIT_ASSERT(back.messageId.empty());
		CPPUNIT_ASSERT(back.lastError.empty());
		CPPUNIT_ASSERT(back.recipients[0].state == OutboxRecipient::Pending);
		CPPUNIT_ASSERT_EQUAL(std::string("0"), _rows->scalar("SELECT COUNT(*) FROM mb_outbox_recipient WHERE outbox_id = "
			+ std::to_string(id)));
		CPPUNIT_ASSERT_EQUAL(std::string(), _rows->scalar("SELECT sent_at FROM mb_outbox WHERE id = " + std::to_string(id)));
	}

protected:
	virtual std::string connectionString() const = 0;

	OutboxItem claimOne(const std::string& worker, Poco::Timestamp now)
	{
		std::vector<OutboxItem> items = _store->claimDue(_mailbox, worker, now, Lease, 10);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), items.size());
		return items[0];
	}

	static std::string trimmed(std::string s)
	{
		while (!s.empty() && s.back() == ' ') s.pop_back();
		return s;
	}

	std::string stateOf(std::int64_t id)
	{
		std::string where = " FROM mb_outbox WHERE id = " + std::to_string(id);
		return trimmed(_rows->scalar("SELECT state" + where)) + " " + _rows->scalar("SELECT claimed_by" + where);
	}

	std::unique_ptr<OdbcConnection> _db;
	std::unique_ptr<OutboxTestRows> _rows;
	std::unique_ptr<service::OdbcOutboxStore> _store;
	std::string _mailbox;
	Poco::Timestamp _now;
};

#define MB_OUTBOX_STORE_TESTS(Fixture, envKey) \
	class Fixture: public OdbcOutboxStoreScenario \
	{ \
		CPPUNIT_TEST_SUITE(Fixture); \
		CPPUNIT_TEST(testClaimAndTransitionRoundTrip); \
		CPPUNIT_TEST(testRetryWaitsForNextAttempt); \
		CPPUNIT_TEST(testConcurrentClaimsNeverShareARow); \
		CPPUNIT_TEST(testSecondClaimChangesNoRow); \
		CPPUNIT_TEST(testFutureSendAtIsNotDue); \
		CPPUNIT_TEST(testStaleLeaseTakenOverInItsState); \
		CPPUNIT_TEST(testLeaseEndsOnTimeWithFractions); \
		CPPUNIT_TEST(testWrongExpectedStateWritesNothing); \
		CPPUNIT_TEST_SUITE_END(); \
	protected: \
		std::string connectionString() const override { return test::TestEnv::instance().get(envKey); } \
	}; \
	CPPUNIT_TEST_SUITE_REGISTRATION(Fixture)

MB_OUTBOX_STORE_TESTS(PostgreSQLOutboxStoreTest, "MB_PG_ODBC");
MB_OUTBOX_STORE_TESTS(MariaDBOutboxStoreTest, "MB_MARIADB_ODBC");
MB_OUTBOX_STORE_TESTS(SQLiteOutboxStoreTest, "MB_SQLITE_ODBC");
