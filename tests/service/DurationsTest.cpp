//
// DurationsTest.cpp
//
// formatDuration: what `status` prints as lag and backfill as its ETA.
//

#include "connector/service/Durations.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::service::formatDuration;

class DurationsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DurationsTest);
	CPPUNIT_TEST(testUnits);
	CPPUNIT_TEST(testNegativeIsZero);
	CPPUNIT_TEST_SUITE_END();

public:
	void testUnits()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("0s"), formatDuration(Poco::Timespan(0, 999999)));
		CPPUNIT_ASSERT_EQUAL(std::string("45s"), formatDuration(Poco::Timespan(45, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("1m 05s"), formatDuration(Poco::Timespan(65, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("3h 04m"), formatDuration(Poco::Timespan(3 * 3600 + 4 * 60 + 59, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("2d 05h"), formatDuration(Poco::Timespan(2, 5, 30, 0, 0)));
	}

	void testNegativeIsZero()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("0s"), formatDuration(Poco::Timespan(-30, 0)));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(DurationsTest);
