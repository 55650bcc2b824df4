#include "connector/mime/EncodedWords.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::EncodedWords;

class EncodedWordsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(EncodedWordsTest);
	CPPUNIT_TEST(testQAndB);
	CPPUNIT_TEST(testWhitespaceBetweenWordsDropped);
	CPPUNIT_TEST(testMultibyteSplitAcrossWords);
	CPPUNIT_TEST(testBrokenWordsStayAsWritten);
	CPPUNIT_TEST(testRawEightBit);
	CPPUNIT_TEST(testWordsWithoutSpacesAround);
	CPPUNIT_TEST_SUITE_END();

public:
	void testQAndB()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Bewerbung J\xC3\xBCrgen M\xC3\xBCller"),
			EncodedWords::decode("Bewerbung =?ISO-8859-1?Q?J=FCrgen_M=FCller?="));
		CPPUNIT_ASSERT_EQUAL(std::string("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"),
			EncodedWords::decode("=?utf-8?B?5pel5pys6Kqe?="));
		CPPUNIT_ASSERT_EQUAL(std::string("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"),
			EncodedWords::decode("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?="));
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9"), EncodedWords::decode("=?utf-8*fr?q?caf=c3=a9?="));
	}

	void testWhitespaceBetweenWordsDropped()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("ab"), EncodedWords::decode("=?us-ascii?Q?a?= \t =?us-ascii?Q?b?="));
		CPPUNIT_ASSERT_EQUAL(std::string("a b"), EncodedWords::decode("=?us-ascii?Q?a?= b"));
		CPPUNIT_ASSERT_EQUAL(std::string("x a b"), EncodedWords::decode("x =?us-ascii?Q?a_?= =?us-ascii?Q?b?="));
	}

	void testMultibyteSplitAcrossWords()
	{
		// "é" (C3 A9) cut between two B words: joined before conversion.
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9!"), EncodedWords::decode("=?UTF-8?B?Y2Fmww==?= =?UTF-8?B?qSE=?="));
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9"), EncodedWords::decode("=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9?="));
	}

	void testBrokenWordsStayAsWritten()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("=?utf-8?Q?unterminated"), EncodedWords::decode("=?utf-8?Q?unterminated"));
		CPPUNIT_ASSERT_EQUAL(std::string("=?utf-8?X?bad?="), EncodedWords::decode("=?utf-8?X?bad?="));
		CPPUNIT_ASSERT_EQUAL(std::string("=??Q?x?="), EncodedWords::decode("=??Q?x?="));
		// An unknown charset falls back to detection instead of failing.
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9"), EncodedWords::decode("=?x-bogus?Q?caf=E9?="));
		// Invalid base64 noise yields what can be decoded.
		CPPUNIT_ASSERT_EQUAL(std::string("Hi"), EncodedWords::decode("=?utf-8?B?SGk*?="));
	}

	void testRawEightBit()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("R\xC3\xA9sum\xC3\xA9"), EncodedWords::decode("R\xE9sum\xE9"));
		CPPUNIT_ASSERT_EQUAL(std::string("R\xC3\xA9sum\xC3\xA9"), EncodedWords::decode("R\xC3\xA9sum\xC3\xA9"));
	}

	void testWordsWithoutSpacesAround()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("CV-J\xC3\xBCrgen.pdf"), EncodedWords::decode("CV-=?utf-8?Q?J=C3=BCrgen?=.pdf"));
		CPPUNIT_ASSERT_EQUAL(std::string("\"M\xC3\xBCller\""), EncodedWords::decode("\"=?utf-8?Q?M=C3=BCller?=\""));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(EncodedWordsTest);
