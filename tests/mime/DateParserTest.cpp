#include "connector/mime/DateParser.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::DateParser;

class DateParserTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DateParserTest);
	CPPUNIT_TEST(testRfc5322);
	CPPUNIT_TEST(testNamedAndMilitaryZones);
	CPPUNIT_TEST(testObsoleteForms);
	CPPUNIT_TEST(testOtherSoftware);
	CPPUNIT_TEST(testJunk);
	CPPUNIT_TEST_SUITE_END();

	static std::string utc(const std::string& text, int* zone = nullptr)
	{
		Poco::Timestamp ts;
		int z = 0;
		if (!DateParser::parse(text, ts, z)) return "junk";
		if (zone != nullptr) *zone = z;
		return Poco::DateTimeFormatter::format(ts, "%Y-%m-%d %H:%M:%S");
	}

public:
	void testRfc5322()
	{
		int zone = 0;
		CPPUNIT_ASSERT_EQUAL(std::string("2001-05-04 18:05:44"), utc("Fri, 4 May 2001 14:05:44 -0400", &zone));
		CPPUNIT_ASSERT_EQUAL(-240, zone);
		CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29 22:30:00"), utc("Fri, 01 Mar 2024 00:00:00 +0130 (CET)", &zone));
		CPPUNIT_ASSERT_EQUAL(90, zone);
	}

	void testNamedAndMilitaryZones()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("2005-01-03 15:00:00"), utc("Mon, 3 Jan 2005 10:00:00 EST"));
		CPPUNIT_ASSERT_EQUAL(std::string("2005-07-03 17:00:00"), utc("3 Jul 2005 10:00:00 PDT"));
		CPPUNIT_ASSERT_EQUAL(std::string("2005-07-03 10:00:00"), utc("3 Jul 2005 10:00:00 GMT"));
		CPPUNIT_ASSERT_EQUAL(std::string("2005-07-03 10:00:00"), utc("3 Jul 2005 10:00:00 UT"));
		CPPUNIT_ASSERT_EQUAL(std::string("2005-07-03 10:00:00"), utc("3 Jul 2005 10:00:00 Z"));
		// Military zones other than Z carry no information (RFC 5322 4.3).
		CPPUNIT_ASSERT_EQUAL(std::string("2005-07-03 10:00:00"), utc("3 Jul 2005 10:00:00 A"));
	}

	void testObsoleteForms()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("1999-12-31 23:59:00"), utc("Fri, 31 Dec 99 23:59 GMT"));
		CPPUNIT_ASSERT_EQUAL(std::string("2003-06-01 12:00:00"), utc("Sun,  1 Jun 03 12:00:00"));     // no zone: UTC
		CPPUNIT_ASSERT_EQUAL(std::string("2003-06-01 12:00:00"), utc("1 Jun 103 12:00:00 +0000"));   // 3-digit year
		CPPUNIT_ASSERT_EQUAL(std::string("2003-06-01 12:00:59"), utc("Sunday, 01-Jun-2003 12:00:60 +0000"));  // leap second
		CPPUNIT_ASSERT_EQUAL(std::string("2003-06-01 10:00:00"), utc("Sun, 1 June 2003 12:00:00 +0200"));
	}

	void testOtherSoftware()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("2005-01-03 10:00:00"), utc("Mon Jan  3 10:00:00 2005"));     // asctime
		CPPUNIT_ASSERT_EQUAL(std::string("2005-01-03 08:00:00"), utc("2005-01-03 10:00:00 +02:00"));   // ISO
		CPPUNIT_ASSERT_EQUAL(std::string("2005-01-03 14:30:00"), utc("3 Jan 2005 2:30:00 PM +0000"));
	}

	void testJunk()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("junk"), utc(""));
		CPPUNIT_ASSERT_EQUAL(std::string("junk"), utc("yesterday"));
		CPPUNIT_ASSERT_EQUAL(std::string("junk"), utc("31 Feb 2005 10:00:00"));
		CPPUNIT_ASSERT_EQUAL(std::string("junk"), utc("3 Jan 2005 25:00:00"));
		CPPUNIT_ASSERT_EQUAL(std::string("junk"), utc("3 Jan 2005"));
		CPPUNIT_ASSERT_EQUAL(std::string("junk"), utc("12/01/2005 10:00"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(DateParserTest);
