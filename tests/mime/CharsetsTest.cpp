#include "connector/mime/Charsets.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::Charsets;

class CharsetsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CharsetsTest);
	CPPUNIT_TEST(testLabelsFromTheWild);
	CPPUNIT_TEST(testLatin1IsReadAsWindows1252);
	CPPUNIT_TEST(testUndeclaredEightBit);
	CPPUNIT_TEST(testIso2022JpDetectedByEscapes);
	CPPUNIT_TEST(testIconvCharsets);
	CPPUNIT_TEST(testInvalidSequencesBecomeReplacement);
	CPPUNIT_TEST(testEightBitAtEveryOffset);
	CPPUNIT_TEST(testUnknownLabelFallsBackToDetection);
	CPPUNIT_TEST_SUITE_END();

public:
	void testLabelsFromTheWild()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("GB18030"), Charsets::canonical("gb2312"));
		CPPUNIT_ASSERT_EQUAL(std::string("CP949"), Charsets::canonical("ks_c_5601-1987"));
		CPPUNIT_ASSERT_EQUAL(std::string("CP932"), Charsets::canonical("x-sjis"));
		CPPUNIT_ASSERT_EQUAL(std::string("CP932"), Charsets::canonical("Shift_JIS"));
		CPPUNIT_ASSERT_EQUAL(std::string("windows-1252"), Charsets::canonical("\"ISO-8859-1\""));
		CPPUNIT_ASSERT_EQUAL(std::string("utf-8"), Charsets::canonical("UTF-8*en"));
		CPPUNIT_ASSERT_EQUAL(std::string("detect"), Charsets::canonical("us-ascii"));
		CPPUNIT_ASSERT_EQUAL(std::string("CP1250"), Charsets::canonical("windows-1250"));
		CPPUNIT_ASSERT_EQUAL(std::string("ISO-8859-2"), Charsets::canonical("iso-8859-2"));
	}

	void testLatin1IsReadAsWindows1252()
	{
		// Outlook writes curly quotes and the euro sign (0x80..0x9F) under iso-8859-1.
		CPPUNIT_ASSERT_EQUAL(std::string("\xE2\x80\x9C" "CV\xE2\x80\x9D \xE2\x82\xAC""5 caf\xC3\xA9"),
			Charsets::toUtf8("\x93" "CV" "\x94 \x80" "5 caf\xE9", "iso-8859-1"));
	}

	void testUndeclaredEightBit()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("J\xC3\xBCrgen"), Charsets::toUtf8("J\xC3\xBCrgen", ""));
		CPPUNIT_ASSERT_EQUAL(std::string("J\xC3\xBCrgen"), Charsets::toUtf8("J\xFCrgen", "us-ascii"));
		CPPUNIT_ASSERT_EQUAL(std::string("utf-8"), Charsets::detect("\xC3\xA9t\xC3\xA9", 6));
		CPPUNIT_ASSERT_EQUAL(std::string("windows-1252"), Charsets::detect("\xE9t\xE9", 3));
		CPPUNIT_ASSERT_EQUAL(std::string("us-ascii"), Charsets::detect("plain", 5));
	}

	void testIso2022JpDetectedByEscapes()
	{
		// "日本語" in ISO-2022-JP, sent without a charset label.
		std::string jis = "\x1B$BF|K\\8l\x1B(B";
		CPPUNIT_ASSERT_EQUAL(std::string("iso-2022-jp"), Charsets::detect(jis.data(), jis.size()));
		CPPUNIT_ASSERT_EQUAL(std::string("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), Charsets::toUtf8(jis, ""));
		CPPUNIT_ASSERT_EQUAL(std::string("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), Charsets::toUtf8(jis, "us-ascii"));
	}

	void testIconvCharsets()
	{
		// "中文" in GB2312 (served by GB18030), "한국" in KS C 5601, "テスト" in Shift_JIS.
		CPPUNIT_ASSERT_EQUAL(std::string("\xE4\xB8\xAD\xE6\x96\x87"), Charsets::toUtf8("\xD6\xD0\xCE\xC4", "gb2312"));
		CPPUNIT_ASSERT_EQUAL(std::string("\xED\x95\x9C\xEA\xB5\xAD"), Charsets::toUtf8("\xC7\xD1\xB1\xB9", "ks_c_5601-1987"));
		CPPUNIT_ASSERT_EQUAL(std::string("\xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88"), Charsets::toUtf8("\x83\x65\x83\x58\x83\x67", "x-sjis"));
		CPPUNIT_ASSERT_EQUAL(std::string("\xC5\x81\xC3\xB3" "d\xC5\xBA"), Charsets::toUtf8("\xA3\xF3" "d\xBC", "iso-8859-2"));
	}

	void testInvalidSequencesBecomeReplacement()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("a\xEF\xBF\xBD" "b"), Charsets::toUtf8("a\xFF" "b", "utf-8"));
		CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBF\xBD\xEF\xBF\xBD"), Charsets::toUtf8("\xED\xA0", "utf-8"));  // a surrogate, cut short
		// A truncated Shift_JIS double byte at the end.
		CPPUNIT_ASSERT_EQUAL(std::string("\xE3\x83\x86\xEF\xBF\xBD"), Charsets::toUtf8("\x83\x65\x83", "shift_jis"));
		CPPUNIT_ASSERT(Charsets::isValidUtf8(Charsets::toUtf8("\xD6\xD0\xFF\xFF\xCE", "gb2312").c_str(), 0));
		std::string broken = Charsets::toUtf8("\xD6\xD0\xFF\xFF\xCE", "gb2312");
		CPPUNIT_ASSERT(Charsets::isValidUtf8(broken.data(), broken.size()));
	}

	void testUnknownLabelFallsBackToDetection()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9"), Charsets::toUtf8("caf\xE9", "x-no-such-charset"));
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9"), Charsets::toUtf8("caf\xC3\xA9", "unknown-8bit"));
	}

	void testEightBitAtEveryOffset()
	{
		// ASCII is skipped many bytes at a time: put a valid and an invalid
		// sequence at every offset of a long ASCII run.
		for (std::size_t at = 0; at < 40; ++at)
		{
			std::string valid = std::string(at, 'a') + "\xC3\xA9" + std::string(40, 'b');
			std::string invalid = std::string(at, 'a') + "\xC3(" + std::string(40, 'b');
			CPPUNIT_ASSERT(Charsets::isValidUtf8(valid.data(), valid.size()));
			CPPUNIT_ASSERT(!Charsets::isValidUtf8(invalid.data(), invalid.size()));
			std::string out;
			Charsets::appendSanitizedUtf8(out, invalid.data(), invalid.size());
			CPPUNIT_ASSERT_EQUAL(std::string(at, 'a') + "\xEF\xBF\xBD(" + std::string(40, 'b'), out);
			out.clear();
			Charsets::appendSanitizedUtf8(out, valid.data(), valid.size());
			CPPUNIT_ASSERT_EQUAL(valid, out);
		}
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(CharsetsTest);
