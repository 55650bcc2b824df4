#include "connector/mime/TransferDecoding.h"
#include "connector/mime/TransferEncoding.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::mime;

class TransferEncodingTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(TransferEncodingTest);
	CPPUNIT_TEST(testQuotedPrintableRoundTrip);
	CPPUNIT_TEST(testQuotedPrintableEscapes);
	CPPUNIT_TEST(testBase64RoundTrip);
	CPPUNIT_TEST(testNeedsEncoding);
	CPPUNIT_TEST_SUITE_END();

	static void checkLines(const std::string& s, std::size_t max)
	{
		std::size_t start = 0;
		while (start < s.size())
		{
			std::size_t end = s.find("\r\n", start);
			if (end == std::string::npos) end = s.size();  // the last line may be open
			CPPUNIT_ASSERT(end - start <= max);
			CPPUNIT_ASSERT(s.substr(start, end - start).find('\n') == std::string::npos);
			start = end + 2;
		}
	}

public:
	void testQuotedPrintableRoundTrip()
	{
		std::string text = "Gr\xC3\xBC\xC3\x9F" "e aus M\xC3\xBCnchen, a=b\n" + std::string(300, 'y') + "\ntrailing  \n\tend";
		std::string enc = TransferEncoding::quotedPrintable(text);
		checkLines(enc, 76);
		std::string dec;
		TransferDecoding::appendDecoded(dec, TransferDecoding::QUOTED_PRINTABLE, enc.data(), enc.size());
		CPPUNIT_ASSERT_EQUAL(TransferEncoding::toCrlf(text), dec);
	}

	void testQuotedPrintableEscapes()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("=2E only\r\n=46rom here\r\nx =3D y=20\r\n"),
			TransferEncoding::quotedPrintable(". only\nFrom here\nx = y \n"));
	}

	void testBase64RoundTrip()
	{
		std::string data;
		for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 7));
		for (std::size_t n: {std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(57), std::size_t(1000)})
		{
			std::string enc = TransferEncoding::base64(data.substr(0, n));
			checkLines(enc, 76);
			std::string dec;
			TransferDecoding::appendDecoded(dec, TransferDecoding::BASE64, enc.data(), enc.size());
			CPPUNIT_ASSERT_EQUAL(data.substr(0, n), dec);
		}
	}

	void testNeedsEncoding()
	{
		CPPUNIT_ASSERT(!TransferEncoding::needsEncoding("plain ascii\r\nlines\n"));
		CPPUNIT_ASSERT(TransferEncoding::needsEncoding("caf\xC3\xA9"));
		CPPUNIT_ASSERT(TransferEncoding::needsEncoding(std::string(77, 'x')));
		CPPUNIT_ASSERT(TransferEncoding::needsEncoding("nul\x01"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(TransferEncodingTest);
