#include "connector/mime/TransferDecoding.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>

using mailbridge::mime::TransferDecoding;

class TransferDecodingTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(TransferDecodingTest);
	CPPUNIT_TEST(testBase64Lines);
	CPPUNIT_TEST(testBase64BadPaddingAndNoise);
	CPPUNIT_TEST(testBase64SplitAnywhere);
	CPPUNIT_TEST(testQuotedPrintable);
	CPPUNIT_TEST(testQuotedPrintableBrokenEscapes);
	CPPUNIT_TEST(testQuotedPrintableStreamedEqualsWhole);
	CPPUNIT_TEST(testDecodedSize);
	CPPUNIT_TEST(testEncodingNames);
	CPPUNIT_TEST_SUITE_END();

	static std::string decode(TransferDecoding::Encoding e, const std::string& s)
	{
		std::string out;
		TransferDecoding::appendDecoded(out, e, s.data(), s.size());
		return out;
	}

public:
	void testBase64Lines()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Hello, world!\n"), decode(TransferDecoding::BASE64, "SGVsbG8s\r\nIHdvcmxk\r\nIQo=\r\n"));
	}

	void testBase64BadPaddingAndNoise()
	{
		// Missing padding, padding in the middle, stray characters and spaces.
		CPPUNIT_ASSERT_EQUAL(std::string("Hello"), decode(TransferDecoding::BASE64, "SGVsbG8"));
		CPPUNIT_ASSERT_EQUAL(std::string("Hello"), decode(TransferDecoding::BASE64, "SGVs bG8=="));
		CPPUNIT_ASSERT_EQUAL(std::string("HelloHi"), decode(TransferDecoding::BASE64, "SGVsbG8=SGk="));
		CPPUNIT_ASSERT_EQUAL(std::string("Hello"), decode(TransferDecoding::BASE64, "S*G!V\x01sbG8===\r\n\r\n"));
		CPPUNIT_ASSERT_EQUAL(std::string(""), decode(TransferDecoding::BASE64, "S"));
	}

	void testBase64SplitAnywhere()
	{
		std::string enc = "VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4=";
		for (std::size_t cut = 0; cut <= enc.size(); ++cut)
		{
			TransferDecoding::Base64Decoder d;
			std::string out;
			d.decode(enc.data(), cut, out);
			d.decode(enc.data() + cut, enc.size() - cut, out);
			d.finish(out);
			CPPUNIT_ASSERT_EQUAL(std::string("The quick brown fox jumps over the lazy dog."), out);
		}
	}

	void testQuotedPrintable()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("caf\xE9 soft line joined\r\nnext"),
			decode(TransferDecoding::QUOTED_PRINTABLE, "caf=E9 soft line =\r\njoined   \r\nnext"));
		CPPUNIT_ASSERT_EQUAL(std::string("lower \xE9 and LF break\n"),
			decode(TransferDecoding::QUOTED_PRINTABLE, "lower =e9 and LF =\nbreak\n"));
	}

	void testQuotedPrintableBrokenEscapes()
	{
		// A '=' that starts no escape is kept; a trailing '=' is a soft break.
		CPPUNIT_ASSERT_EQUAL(std::string("a=b 100%=x =Z"), decode(TransferDecoding::QUOTED_PRINTABLE, "a=b 100%=x =Z"));
		CPPUNIT_ASSERT_EQUAL(std::string("end"), decode(TransferDecoding::QUOTED_PRINTABLE, "end="));
		CPPUNIT_ASSERT_EQUAL(std::string("x\r\ny"), decode(TransferDecoding::QUOTED_PRINTABLE, "x=  \r\n\r\ny"));
	}

	void testQuotedPrintableStreamedEqualsWhole()
	{
		std::string enc = "Line one with caf=C3=A9   \r\nsoft =\r\nbreak and a=3D sign =\r\n\t\r\nend=";
		std::string whole = decode(TransferDecoding::QUOTED_PRINTABLE, enc);
		for (std::size_t cut = 0; cut <= enc.size(); ++cut)
		{
			for (std::size_t cut2 = cut; cut2 <= enc.size(); cut2 += 3)
			{
				TransferDecoding::QuotedPrintableDecoder d;
				std::string out;
				d.decode(enc.data(), cut, out);
				d.decode(enc.data() + cut, cut2 - cut, out);
				d.decode(enc.data() + cut2, enc.size() - cut2, out);
				d.finish(out);
				CPPUNIT_ASSERT_EQUAL(whole, out);
			}
		}
	}

	void testDecodedSize()
	{
		std::string b64 = "SGVsbG8s\r\nIHdvcmxk\r\nIQ==\r\n";
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(13), TransferDecoding::decodedSize(TransferDecoding::BASE64, b64.data(), b64.size()));
		std::string qp = "caf=E9 =\r\nx";
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(6), TransferDecoding::decodedSize(TransferDecoding::QUOTED_PRINTABLE, qp.data(), qp.size()));
		std::ostringstream out;
		TransferDecoding::stream(TransferDecoding::BASE64, b64.data(), b64.size(), out);
		CPPUNIT_ASSERT_EQUAL(std::string("Hello, world!"), out.str());
	}

	void testEncodingNames()
	{
		CPPUNIT_ASSERT_EQUAL(TransferDecoding::BASE64, TransferDecoding::encodingOf(" Base64 "));
		CPPUNIT_ASSERT_EQUAL(TransferDecoding::QUOTED_PRINTABLE, TransferDecoding::encodingOf("Quoted-Printable"));
		CPPUNIT_ASSERT_EQUAL(TransferDecoding::IDENTITY, TransferDecoding::encodingOf("7Bit"));
		CPPUNIT_ASSERT_EQUAL(TransferDecoding::IDENTITY, TransferDecoding::encodingOf("x-uuencode"));
		CPPUNIT_ASSERT_EQUAL(TransferDecoding::BASE64, TransferDecoding::encodingOf("\"base64\" (comment)"));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(TransferDecodingTest);
