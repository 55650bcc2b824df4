#include "connector/common/Errors.h"
#include "connector/sync/FolderRescan.h"
#include "connector/sync/FolderSync.h"
#include "tests/sync/FakeMailbox.h"
#include "tests/sync/FakeStore.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace mailbridge;
using namespace mailbridge::sync;
using namespace mailbridge::test;

namespace {

Poco::Timestamp daysAgo(int days)
{
	return Poco::Timestamp() - Poco::Timespan(days, 0, 0, 0, 0);
}

class KnownPeopleProcessor: public MessageProcessor
	/// Matches the fake's To line against the people the "ATS" knows now,
	/// so a test can add a person between passes.
{
public:
	std::set<std::string> known;

	std::vector<MessageRecord> process(const FolderContext& folder, std::vector<FetchedMessage>& batch) override
	{
		FakeProcessor plain;
		std::vector<MessageRecord> records = plain.process(folder, batch);
		for (MessageRecord& record: records)
		{
			if (record.people.empty() || known.count(record.people.front().key)) continue;
			record.people.clear();
			record.outcome = Outcome::NoPerson;
		}
		return records;
	}
};

const FolderKey INBOX{"alice@example.test", "INBOX"};

RescanScope scope(const Poco::Timestamp& since, const Poco::Timestamp& before, const std::vector<std::string>& addresses = {})
{
	RescanScope s;
	s.since = since;
	s.before = before;
	s.addresses = addresses;
	return s;
}

} // namespace

class FolderRescanTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FolderRescanTest);
	CPPUNIT_TEST(testNewPersonGetsTheRangeAndNoDuplicates);
	CPPUNIT_TEST(testCursorUntouched);
	CPPUNIT_TEST(testRangeBounds);
	CPPUNIT_TEST(testRefusedMessageRecordedOthersWritten);
	CPPUNIT_TEST(testKilledRescanRunsAgainWithoutDuplicates);
	CPPUNIT_TEST(testOnlyTheNewAddressesMail);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_mailbox = FakeMailbox();
		_store = FakeStore();
		_processor.known.clear();
		_mailbox.add("INBOX", FakeMessage{"m40", "dave@example.net", daysAgo(40)});
		_mailbox.add("INBOX", FakeMessage{"m10", "dave@example.net", daysAgo(10)});
		_mailbox.add("INBOX", FakeMessage{"m5", "erin@example.net", daysAgo(5)});
		_mailbox.add("INBOX", FakeMessage{"m1", "dave@example.net", daysAgo(1)});
		FolderSyncOptions options;
		options.windowStart = daysAgo(90);
		FolderSync(_mailbox, _store, _processor, options).syncOnce(INBOX, FolderRole::Inbox);
	}

	void testNewPersonGetsTheRangeAndNoDuplicates()
	{
		CPPUNIT_ASSERT(_store.activities.empty()); // nobody known at first
		_processor.known.insert("dave@example.net");
		std::size_t reported = 0;
		RescanReport report = FolderRescan(_mailbox, _store, _processor, 2).run(INBOX, FolderRole::Inbox,
			scope(daysAgo(30), Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0)),
			[&](const std::string& folder, std::size_t done, std::size_t total) {
				CPPUNIT_ASSERT_EQUAL(std::string("INBOX"), folder);
				CPPUNIT_ASSERT_EQUAL(std::size_t(3), total);
				reported = done;
			});
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), report.found);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), report.logged);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), reported);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), _store.activities.size()); // m10 and m1; m40 is outside the range
		CPPUNIT_ASSERT(_store.activities.count({"<m10>", "C:dave@example.net"}));
		CPPUNIT_ASSERT(_store.activities.count({"<m1>", "C:dave@example.net"}));

		// The same range again writes nothing new.
		FolderRescan(_mailbox, _store, _processor, 2).run(INBOX, FolderRole::Inbox,
			scope(daysAgo(30), Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0)));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), _store.activities.size());
	}

	void testCursorUntouched()
	{
		const FolderCursor before = _store.loadCursor(INBOX);
		_processor.known.insert("dave@example.net");
		FolderRescan(_mailbox, _store, _processor, 10).run(INBOX, FolderRole::Inbox, scope(daysAgo(90), Poco::Timestamp()));
		const FolderCursor after = _store.loadCursor(INBOX);
		CPPUNIT_ASSERT_EQUAL(before.lastUid, after.lastUid);
		CPPUNIT_ASSERT_EQUAL(before.backfillFloor, after.backfillFloor);
		CPPUNIT_ASSERT_EQUAL(before.uidValidity, after.uidValidity);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), _store.activities.size());
	}

	void testRangeBounds()
	{
		_processor.known.insert("dave@example.net");
		_processor.known.insert("erin@example.net");
		// [11 days ago, 4 days ago): m10 and m5 only.
		RescanReport report = FolderRescan(_mailbox, _store, _processor, 10).run(INBOX, FolderRole::Inbox, scope(daysAgo(11), daysAgo(4)));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), report.found);
		CPPUNIT_ASSERT(_store.activities.count({"<m10>", "C:dave@example.net"}));
		CPPUNIT_ASSERT(_store.activities.count({"<m5>", "C:erin@example.net"}));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), _store.activities.size());
	}

	void testRefusedMessageRecordedOthersWritten()
	{
		_processor.known.insert("dave@example.net");
		_store.refuseUids.insert(2); // m10
		RescanReport report = FolderRescan(_mailbox, _store, _processor, 10).run(INBOX, FolderRole::Inbox, scope(daysAgo(90), Poco::Timestamp()));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.errors);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), report.logged);
		CPPUNIT_ASSERT(!_store.activities.count({"<m10>", "C:dave@example.net"}));
		CPPUNIT_ASSERT(_store.activities.count({"<m40>", "C:dave@example.net"}));
	}

	void testKilledRescanRunsAgainWithoutDuplicates()
	{
		_processor.known.insert("dave@example.net");
		_store.killAt = _store.steps + 2; // the second batch's commit
		CPPUNIT_ASSERT_THROW(FolderRescan(_mailbox, _store, _processor, 1).run(INBOX, FolderRole::Inbox, scope(daysAgo(90), Poco::Timestamp())),
			TransientError);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), _store.activities.size()); // the first batch stayed
		_store.killAt = 0;
		FolderRescan(_mailbox, _store, _processor, 1).run(INBOX, FolderRole::Inbox, scope(daysAgo(90), Poco::Timestamp()));
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), _store.activities.size());
	}

	void testOnlyTheNewAddressesMail()
	{
		_processor.known.insert("dave@example.net");
		_processor.known.insert("erin@example.net");
		// Erin is new: only her message is visited, not Dave's.
		RescanReport report = FolderRescan(_mailbox, _store, _processor, 10).run(INBOX, FolderRole::Inbox,
			scope(daysAgo(90), Poco::Timestamp(), {"erin@example.net"}));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.found);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), _store.activities.size());
		CPPUNIT_ASSERT(_store.activities.count({"<m5>", "C:erin@example.net"}));
		// The upper bound holds for an address search too.
		report = FolderRescan(_mailbox, _store, _processor, 10).run(INBOX, FolderRole::Inbox,
			scope(daysAgo(90), daysAgo(20), {"dave@example.net"}));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.found); // m40 only
	}

private:
	FakeMailbox _mailbox;
	FakeStore _store;
	KnownPeopleProcessor _processor;
};

CPPUNIT_TEST_SUITE_REGISTRATION(FolderRescanTest);
