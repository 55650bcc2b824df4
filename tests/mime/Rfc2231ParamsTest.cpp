#include "connector/mime/Rfc2231Params.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::Rfc2231Params;

class Rfc2231ParamsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(Rfc2231ParamsTest);
	CPPUNIT_TEST(testQuotedAndComments);
	CPPUNIT_TEST(testContinuationsWithCharset);
	CPPUNIT_TEST(testSingleExtendedValue);
	CPPUNIT_TEST(testExtendedWinsOverPlain);
	CPPUNIT_TEST(testEncodedWordAndRawEightBit);
	CPPUNIT_TEST(testUnquotedBlanksAndWindowsPaths);
	CPPUNIT_TEST_SUITE_END();

public:
	void testQuotedAndComments()
	{
		Rfc2231Params p;
		std::string v = Rfc2231Params::split("Attachment (x) ; filename = \"a \\\"b\\\".pdf\" (comment); size=12", p);
		CPPUNIT_ASSERT_EQUAL(std::string("attachment"), v);
		CPPUNIT_ASSERT_EQUAL(std::string("a \"b\".pdf"), p.get("FileName"));
		CPPUNIT_ASSERT_EQUAL(std::string("12"), p.get("size"));
	}

	void testContinuationsWithCharset()
	{
		Rfc2231Params p;
		Rfc2231Params::split("attachment; filename*1*=%C3%A9sum%C3%A9%20;\r\n filename*0*=UTF-8'de'Lebenslauf%20R; filename*2=\"final.pdf\"", p);
		CPPUNIT_ASSERT_EQUAL(std::string("Lebenslauf R\xC3\xA9sum\xC3\xA9 final.pdf"), p.get("filename"));
	}

	void testSingleExtendedValue()
	{
		Rfc2231Params p;
		Rfc2231Params::split("attachment; filename*=iso-8859-1''CV%20M%FCller.doc", p);
		CPPUNIT_ASSERT_EQUAL(std::string("CV M\xC3\xBCller.doc"), p.get("filename"));
		Rfc2231Params q;
		Rfc2231Params::split("attachment; filename*=\"UTF-8''%E5%B1%A5%E6%AD%B4%E6%9B%B8.pdf\"", q);
		CPPUNIT_ASSERT_EQUAL(std::string("\xE5\xB1\xA5\xE6\xAD\xB4\xE6\x9B\xB8.pdf"), q.get("filename"));
		Rfc2231Params r;
		Rfc2231Params::split("attachment; filename*=''no%20charset%ZZ.txt", r);
		CPPUNIT_ASSERT_EQUAL(std::string("no charset%ZZ.txt"), r.get("filename"));
	}

	void testExtendedWinsOverPlain()
	{
		Rfc2231Params p;
		Rfc2231Params::split("attachment; filename=\"CV_M_ller.pdf\"; filename*=utf-8''CV_M%C3%BCller.pdf", p);
		CPPUNIT_ASSERT_EQUAL(std::string("CV_M\xC3\xBCller.pdf"), p.get("filename"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), p.values().size());
	}

	void testEncodedWordAndRawEightBit()
	{
		Rfc2231Params p;
		Rfc2231Params::split("application/pdf; name=\"=?UTF-8?B?TGViZW5zbGF1Zl9Kw7xyZ2VuLnBkZg==?=\"", p);
		CPPUNIT_ASSERT_EQUAL(std::string("Lebenslauf_J\xC3\xBCrgen.pdf"), p.get("name"));
		Rfc2231Params q;
		Rfc2231Params::split("attachment; filename=\"R\xE9sum\xE9.pdf\"", q);
		CPPUNIT_ASSERT_EQUAL(std::string("R\xC3\xA9sum\xC3\xA9.pdf"), q.get("filename"));
	}

	void testUnquotedBlanksAndWindowsPaths()
	{
		Rfc2231Params p;
		Rfc2231Params::split("attachment; filename=my cv.pdf ; x", p);
		CPPUNIT_ASSERT_EQUAL(std::string("my cv.pdf"), p.get("filename"));
		Rfc2231Params q;
		Rfc2231Params::split("attachment; filename=\"C:\\docs\\cv.doc\"", q);
		CPPUNIT_ASSERT_EQUAL(std::string("C:\\docs\\cv.doc"), q.get("filename"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(Rfc2231ParamsTest);
