//
// BackfillProgressTest.cpp
//
// The figures of backfill's progress line (rate, ETA), the line itself, and
// that it is printed only on a terminal.
//

#include "connector/service/BackfillProgress.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using mailbridge::service::BackfillProgress;

class BackfillProgressTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(BackfillProgressTest);
	CPPUNIT_TEST(testRate);
	CPPUNIT_TEST(testEta);
	CPPUNIT_TEST(testLine);
	CPPUNIT_TEST(testSummary);
	CPPUNIT_TEST(testOnlyOnTerminal);
	CPPUNIT_TEST_SUITE_END();

public:
	void testRate()
	{
		CPPUNIT_ASSERT_DOUBLES_EQUAL(25.0, BackfillProgress::rate(100, Poco::Timespan(4, 0)), 1e-9);
		CPPUNIT_ASSERT_DOUBLES_EQUAL(2000.0, BackfillProgress::rate(500, Poco::Timespan(0, 250000)), 1e-9);
		CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, BackfillProgress::rate(100, Poco::Timespan(0)), 1e-9);
	}

	void testEta()
	{
		// 100 in 4 s: the other 200 take 8 s.
		auto left = BackfillProgress::eta(100, 300, Poco::Timespan(4, 0));
		CPPUNIT_ASSERT(left);
		CPPUNIT_ASSERT_EQUAL(8, left->totalSeconds());
		// 5000 left at 240/s: 20.8 s.
		left = BackfillProgress::eta(1200, 6200, Poco::Timespan(5, 0));
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan::TimeDiff(20833333), left->totalMicroseconds());
		CPPUNIT_ASSERT(BackfillProgress::eta(0, 300, Poco::Timespan(4, 0)) == std::nullopt);
		CPPUNIT_ASSERT(BackfillProgress::eta(10, 300, Poco::Timespan(0)) == std::nullopt);
		CPPUNIT_ASSERT_EQUAL(Poco::Timespan::TimeDiff(0), BackfillProgress::eta(300, 300, Poco::Timespan(4, 0))->totalMicroseconds());
	}

	void testLine()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("alice INBOX: 1200/6200 messages, 240 msg/s, ETA 20s"),
			BackfillProgress::line("alice", "INBOX", 1200, 6200, Poco::Timespan(5, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("alice Sent: 500/100500 messages, 5 msg/s, ETA 5h 33m"),
			BackfillProgress::line("alice", "Sent", 500, 100500, Poco::Timespan(100, 0)));
		CPPUNIT_ASSERT_EQUAL(std::string("alice INBOX: 0/10 messages, 0 msg/s, ETA ?"),
			BackfillProgress::line("alice", "INBOX", 0, 10, Poco::Timespan(1, 0)));
	}

	void testSummary()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("in 1m 05s, 77 msg/s"), BackfillProgress::summary(5000, Poco::Timespan(65, 0)));
	}

	void testOnlyOnTerminal()
	{
		std::ostringstream piped;
		BackfillProgress quiet(piped, "alice", false);
		quiet.update("INBOX", 500, 1000);
		quiet.finish();
		CPPUNIT_ASSERT_EQUAL(std::string(), piped.str());

		std::ostringstream terminal;
		BackfillProgress shown(terminal, "alice", true);
		shown.update("INBOX", 500, 1000);
		shown.update("INBOX", 1000, 1000);
		shown.finish();
		const std::string text = terminal.str();
		CPPUNIT_ASSERT_MESSAGE(text, text.find("\ralice INBOX: 500/1000 messages, ") == 0);
		CPPUNIT_ASSERT_MESSAGE(text, text.find("\ralice INBOX: 1000/1000 messages, ") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL('\n', text.back());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(BackfillProgressTest);
