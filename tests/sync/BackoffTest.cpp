#include "connector/sync/Backoff.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::sync::Backoff;

class BackoffTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(BackoffTest);
	CPPUNIT_TEST(testGrowsWithinBoundsAndResets);
	CPPUNIT_TEST_SUITE_END();

public:
	void testGrowsWithinBoundsAndResets()
	{
		Backoff backoff(Poco::Timespan(1, 0), Poco::Timespan(300, 0));
		Poco::Timespan::TimeDiff largest = 0;
		for (int i = 0; i < 40; ++i)
		{
			Poco::Timespan d = backoff.next();
			CPPUNIT_ASSERT(d >= Poco::Timespan(1, 0));
			CPPUNIT_ASSERT(d <= Poco::Timespan(300, 0));
			largest = std::max(largest, d.totalMicroseconds());
		}
		// After 40 failures the ceiling is the maximum; 40 draws that all stay
		// under a minute would mean the delay does not grow.
		CPPUNIT_ASSERT(largest > Poco::Timespan(60, 0).totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(40, backoff.failures());
		backoff.reset();
		CPPUNIT_ASSERT(backoff.next() <= Poco::Timespan(1, 0));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(BackoffTest);
