#include "connector/mime/TransferDecoding.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <Poco/Timestamp.h>
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
	CPPUNIT_TEST(testStreamingHoldsLittle);
	CPPUNIT_TEST(testDecodedSize);
	CPPUNIT_TEST(testLongRunsAtEveryOffset);
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
		std::string enc = "Line one with caf=C3=A9   \r\nsoft =\r\nbreak and a=3D sign =\r\n\t\r\nx=C3=\r\n=A9y =E2=80=\n=93 end=";
		std::string whole = decode(TransferDecoding::QUOTED_PRINTABLE, enc);
		CPPUNIT_ASSERT(whole.find("x\xC3\xA9y \xE2\x80\x93 end") != std::string::npos);
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

	void testStreamingHoldsLittle()
	{
		// Megabytes of blanks without a line break: streamed in 64 KiB
		// chunks, only a line's worth may be held back at a time.
		std::string enc(3 * 1024 * 1024, ' ');
		enc += "x\r\n";
		std::ostringstream out;
		Poco::Timestamp start;
		TransferDecoding::stream(TransferDecoding::QUOTED_PRINTABLE, enc.data(), enc.size(), out);
		CPPUNIT_ASSERT(start.elapsed() < 2 * 1000000);
		CPPUNIT_ASSERT_EQUAL(decode(TransferDecoding::QUOTED_PRINTABLE, enc), out.str());
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

	void testLongRunsAtEveryOffset()
	{
		// Literal runs are read many bytes at a time: put each kind of stop
		// at every offset of a long run and compare with one byte at a time.
		const char* stops[] = {"=C3=A9", "=\r\n", "\r\n", "\n", "  \r\n", "= ", "=\xE9", "\xC3\xA9", "\xE9"};
		for (const char* stop: stops)
		{
			for (std::size_t at = 0; at < 40; ++at)
			{
				std::string text = std::string(at, 'a') + stop + std::string(45, 'b') + stop + "tail";
				std::string whole;
				bool utf8 = TransferDecoding::appendDecoded(whole, TransferDecoding::QUOTED_PRINTABLE, text.data(), text.size(), false);
				TransferDecoding::QuotedPrintableDecoder d;
				std::string bytewise;
				for (char c: text) d.decode(&c, 1, bytewise);
				d.finish(bytewise);
				CPPUNIT_ASSERT_EQUAL(bytewise, whole);
				// Valid UTF-8 is reported only when no 8-bit byte was written unescaped.
				bool eightBit = std::string(stop).find('\xE9') != std::string::npos;
				if (eightBit) CPPUNIT_ASSERT(!utf8);
				if (std::string(stop) == "=C3=A9") CPPUNIT_ASSERT(utf8);
				CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(whole.size()),
					TransferDecoding::decodedSize(TransferDecoding::QUOTED_PRINTABLE, text.data(), text.size()));
			}
		}
		// Base64 sizes with line breaks and junk at every offset (padding
		// inside the text ends a group, which the size does not count).
		std::string b64 = "VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4-_+/";
		for (std::size_t at = 0; at <= b64.size(); ++at)
		{
			for (const char* junk: {"\r\n", " ", "!", "\xFF", "\x80\x7F"})
			{
				std::string text = b64.substr(0, at) + junk + b64.substr(at);
				CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(decode(TransferDecoding::BASE64, text).size()),
					TransferDecoding::decodedSize(TransferDecoding::BASE64, text.data(), text.size()));
			}
		}
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(TransferDecodingTest);
