#include "connector/mime/QuoteSplitter.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::QuoteSplitter;

class QuoteSplitterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(QuoteSplitterTest);
	CPPUNIT_TEST(testOnWrote);
	CPPUNIT_TEST(testWrappedAttribution);
	CPPUNIT_TEST(testOutlookOriginalMessage);
	CPPUNIT_TEST(testOutlookHeaderBlock);
	CPPUNIT_TEST(testQuotedLinesAndSignature);
	CPPUNIT_TEST(testNothingToSplit);
	CPPUNIT_TEST_SUITE_END();

	static std::string fresh(const std::string& text)
	{
		std::string f, q;
		QuoteSplitter::split(text, f, q);
		return f;
	}

public:
	void testOnWrote()
	{
		std::string t = "Yes, Tuesday works.\n\nOn Mon, 3 Jan 2005 at 10:00, Anna <a@x.com> wrote:\n> Can we meet?\n";
		std::string f, q;
		QuoteSplitter::split(t, f, q);
		CPPUNIT_ASSERT_EQUAL(std::string("Yes, Tuesday works."), f);
		CPPUNIT_ASSERT_EQUAL(std::string("On Mon, 3 Jan 2005 at 10:00, Anna <a@x.com> wrote:\n> Can we meet?\n"), q);
		CPPUNIT_ASSERT_EQUAL(std::string("Ja."), fresh("Ja.\n\nAm 03.01.2005 um 10:00 schrieb Anna Schmidt <a@x.de>:\n> Termin?"));
	}

	void testWrappedAttribution()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Thanks!"),
			fresh("Thanks!\nOn Tue, Jan 4, 2005 at 9:12 AM John Smith <john.smith@example.com>\nwrote:\n\n> old text"));
	}

	void testOutlookOriginalMessage()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("See attached."),
			fresh("See attached.\r\n\r\n-----Original Message-----\r\nFrom: Anna\r\nSent: Monday\r\n"));
	}

	void testOutlookHeaderBlock()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Sounds good."),
			fresh("Sounds good.\n\n________________________________\nFrom: Anna Smith <a@x.com>\nSent: Monday, January 3, 2005 10:00 AM\nTo: Tom\nSubject: Interview\n\nHi Tom"));
		CPPUNIT_ASSERT_EQUAL(std::string("Sounds good."),
			fresh("Sounds good.\n\nFrom: Anna Smith <a@x.com>\nDate: Monday, January 3, 2005\nTo: Tom\nSubject: Interview\n"));
	}

	void testQuotedLinesAndSignature()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Agreed."), fresh("Agreed.\n>> earlier\n> text\n"));
		CPPUNIT_ASSERT_EQUAL(std::string("Best regards\nTom"), fresh("Best regards\nTom\n-- \nTom Recruiter | ACME\n+1 555 0100\n"));
	}

	void testNothingToSplit()
	{
		std::string t = "A plain message\nwith a -- dash and From: inline.\n";
		std::string f, q;
		QuoteSplitter::split(t, f, q);
		CPPUNIT_ASSERT_EQUAL(std::string("A plain message\nwith a -- dash and From: inline."), f);
		CPPUNIT_ASSERT(q.empty());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(QuoteSplitterTest);
