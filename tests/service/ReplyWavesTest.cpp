//
// ReplyWavesTest.cpp
//
// The write order of a batch's activities: parents a wave before their
// replies, chains as deep as they go, loops cut rather than followed.
//

#include "connector/service/ReplyWaves.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::service::ReplyWaves;

class ReplyWavesTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ReplyWavesTest);
	CPPUNIT_TEST(testNoLinksIsOneWave);
	CPPUNIT_TEST(testReplyAfterItsParentWhateverTheOrder);
	CPPUNIT_TEST(testChain);
	CPPUNIT_TEST(testLoopIsCut);
	CPPUNIT_TEST(testSelfLinkIsCut);
	CPPUNIT_TEST_SUITE_END();

	typedef std::vector<std::vector<std::size_t>> Waves;

public:
	void testNoLinksIsOneWave()
	{
		ReplyWaves w;
		for (int i = 0; i < 3; ++i) w.add();
		CPPUNIT_ASSERT(w.waves() == Waves({{0, 1, 2}}));
		CPPUNIT_ASSERT(!w.cut(1));
	}

	void testReplyAfterItsParentWhateverTheOrder()
	{
		// Slot 0 answers slot 2 (a backfill sees the reply first); 1 is alone.
		ReplyWaves w;
		for (int i = 0; i < 4; ++i) w.add();
		w.dependsOn(0, 2);
		w.dependsOn(3, 2);
		CPPUNIT_ASSERT(w.waves() == Waves({{1, 2}, {0, 3}}));
	}

	void testChain()
	{
		// 0 <- 1 <- 2 <- 3, added newest first.
		ReplyWaves w;
		for (int i = 0; i < 4; ++i) w.add();
		w.dependsOn(0, 1);
		w.dependsOn(1, 2);
		w.dependsOn(2, 3);
		CPPUNIT_ASSERT(w.waves() == Waves({{3}, {2}, {1}, {0}}));
		for (std::size_t i = 0; i < 4; ++i) CPPUNIT_ASSERT(!w.cut(i));
	}

	void testLoopIsCut()
	{
		// References pointing at each other: 0 -> 1 -> 2 -> 0, and 3 -> 2.
		ReplyWaves w;
		for (int i = 0; i < 4; ++i) w.add();
		w.dependsOn(0, 1);
		w.dependsOn(1, 2);
		w.dependsOn(2, 0);
		w.dependsOn(3, 2);
		Waves waves = w.waves();
		int cuts = 0;
		for (std::size_t i = 0; i < 4; ++i) cuts += w.cut(i) ? 1 : 0;
		CPPUNIT_ASSERT_EQUAL(1, cuts);
		CPPUNIT_ASSERT(w.cut(2));  // walking up from 0: 0, 1, 2, and 2's link back to 0 closes it
		CPPUNIT_ASSERT(waves == Waves({{2}, {1, 3}, {0}}));
	}

	void testSelfLinkIsCut()
	{
		ReplyWaves w;
		w.add();
		w.dependsOn(0, 0);
		CPPUNIT_ASSERT(w.waves() == Waves({{0}}));
		CPPUNIT_ASSERT(w.cut(0));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReplyWavesTest);
