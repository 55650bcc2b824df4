// The selected mailbox's state, fed with parsed server responses.

#include "connector/imap/SelectedMailbox.h"
#include "connector/imap/protocol/ResponseParser.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::imap;

class SelectedMailboxTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SelectedMailboxTest);
	CPPUNIT_TEST(testSelectAndUnsolicited);
	CPPUNIT_TEST(testUidNextBackwards);
	CPPUNIT_TEST_SUITE_END();

public:
	static int feed(SelectedMailbox& box, const std::string& text)
	{
		ResponseParser parser;
		parser.feed(text.data(), text.size());
		Response r;
		int wakeups = 0;
		while (parser.next(r))
		{
			if (box.apply(r)) ++wakeups;
			r = Response();
		}
		return wakeups;
	}

	void testSelectAndUnsolicited()
	{
		SelectedMailbox box;
		box.reset("INBOX");
		int w = feed(box,
			"* 3 EXISTS\r\n"
			"* OK [UIDVALIDITY 77] ok\r\n"
			"* OK [UIDNEXT 10] ok\r\n"
			"* OK [HIGHESTMODSEQ 500] ok\r\n"
			"A1 OK [READ-WRITE] done\r\n");
		CPPUNIT_ASSERT_EQUAL(1, w);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), box.exists());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(77), box.uidValidity());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(10), box.uidNext());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(500), box.highestModSeq());

		w = feed(box,
			"* 4 EXISTS\r\n"
			"* 2 EXPUNGE\r\n"
			"* VANISHED 7:8\r\n"
			"* VANISHED (EARLIER) 1\r\n"
			"* 1 FETCH (UID 5 FLAGS (\\Seen) MODSEQ (501))\r\n");
		CPPUNIT_ASSERT_EQUAL(5, w);
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(1), box.exists()); // 4, -1 expunge, -2 vanished
		CPPUNIT_ASSERT_EQUAL(std::string("1,7:8"), box.vanished().toString());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), box.expungedSeqs().size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), box.flagChanges().count(5));
		CPPUNIT_ASSERT_EQUAL(std::string("\\Seen"), box.flagChanges().at(5).at(0));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(501), box.highestModSeq());
		box.takeChanges();
		CPPUNIT_ASSERT(box.vanished().empty());
		CPPUNIT_ASSERT(box.flagChanges().empty());
	}

	void testUidNextBackwards()
	{
		SelectedMailbox box;
		box.reset("INBOX");
		feed(box, "* OK [UIDNEXT 100] ok\r\n* OK [UIDVALIDITY 5] ok\r\n");
		CPPUNIT_ASSERT(!box.uidNextWentBack());
		feed(box, "* OK [UIDNEXT 90] ok\r\n* OK [UIDVALIDITY 6] ok\r\n");
		CPPUNIT_ASSERT(box.uidNextWentBack());
		CPPUNIT_ASSERT(box.uidValidityChanged());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(90), box.uidNext());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SelectedMailboxTest);
