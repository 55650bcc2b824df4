#include "connector/common/Errors.h"
#include "connector/sync/MailboxSync.h"
#include "tests/sync/FakeMailbox.h"
#include "tests/sync/FakeStore.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using namespace mailbridge::sync;
using namespace mailbridge::test;

namespace {

FakeMessage message(const std::string& id)
{
	return FakeMessage{id, "carol@example.net", Poco::Timestamp() - Poco::Timespan(3600, 0)};
}

FolderSyncOptions options()
{
	FolderSyncOptions o;
	o.windowStart = Poco::Timestamp() - Poco::Timespan(30, 0, 0, 0, 0);
	return o;
}

} // namespace

class MailboxSyncTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MailboxSyncTest);
	CPPUNIT_TEST(testInboxFirstThenSent);
	CPPUNIT_TEST(testMailDuringOtherFoldersWakesAtOnce);
	CPPUNIT_TEST(testMissingFolderStopsMailbox);
	CPPUNIT_TEST(testStopBetweenFolders);
	CPPUNIT_TEST_SUITE_END();

public:
	void testInboxFirstThenSent()
	{
		FakeMailbox mailbox;
		FakeStore store;
		FakeProcessor processor;
		mailbox.add("Sent", message("s1"));
		mailbox.add("INBOX", message("i1"));
		mailbox.add("Notes", message("n1"));
		MailboxSync sync(mailbox, store, processor, "alice@example.test", FolderSelection(), options());
		MailboxReport report = sync.syncAll();
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), report.folders.size()); // Notes is not synced by default
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), report.logged);
		CPPUNIT_ASSERT(!report.pending);
		CPPUNIT_ASSERT(store.loadCursor(FolderKey{"alice@example.test", "INBOX"}).backfillDone());
		CPPUNIT_ASSERT(store.loadCursor(FolderKey{"alice@example.test", "Sent"}).backfillDone());
		CPPUNIT_ASSERT(!store.loadCursor(FolderKey{"alice@example.test", "Notes"}).synced());
	}

	void testMailDuringOtherFoldersWakesAtOnce()
	{
		FakeMailbox mailbox;
		FakeStore store;
		FakeProcessor processor;
		mailbox.add("INBOX", message("i1"));
		mailbox.add("Sent", message("s1"));
		MailboxSync sync(mailbox, store, processor, "alice@example.test", FolderSelection(), options());
		sync.syncAll();
		CPPUNIT_ASSERT(!sync.waitForInbox(Poco::Timespan(0, 1000)));
		CPPUNIT_ASSERT_EQUAL(std::string("INBOX"), mailbox.current);
		sync.syncAll(); // leaves Sent open
		mailbox.add("INBOX", message("i2"));
		CPPUNIT_ASSERT(sync.waitForInbox(Poco::Timespan(0, 1000)));
		MailboxReport report = sync.syncAll();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.logged);
	}

	void testMissingFolderStopsMailbox()
	{
		FakeMailbox mailbox;
		FakeStore store;
		FakeProcessor processor;
		mailbox.add("INBOX", message("i1"));
		FolderSelection selection;
		selection.extra = {"Bewerber"};
		MailboxSync sync(mailbox, store, processor, "alice@example.test", selection, options());
		CPPUNIT_ASSERT_THROW(sync.syncAll(), MailboxError);
		CPPUNIT_ASSERT_EQUAL(0, store.steps);
	}

	void testStopBetweenFolders()
	{
		// A stop asked while INBOX syncs: Sent is not opened in this pass.
		FakeMailbox mailbox;
		FakeStore store;
		FakeProcessor processor;
		mailbox.add("INBOX", message("i1"));
		mailbox.add("Sent", message("s1"));
		FolderSyncOptions o = options();
		o.shouldStop = [&store] { return !store.commits.empty(); };
		MailboxSync sync(mailbox, store, processor, "alice@example.test", FolderSelection(), o);
		MailboxReport report = sync.syncAll();
		CPPUNIT_ASSERT(report.stopped);
		CPPUNIT_ASSERT(report.pending);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.logged);
		CPPUNIT_ASSERT_EQUAL(1, mailbox.opens);
		CPPUNIT_ASSERT(!store.loadCursor(FolderKey{"alice@example.test", "Sent"}).synced());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailboxSyncTest);
