//
// A 25 MB message with one big base64 attachment: parsing and streaming
// the attachment must not hold a second copy of it.
//

#include "connector/mime/MessageParser.h"

#include <Poco/Base64Encoder.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <streambuf>

using namespace mailbridge::mime;

namespace {

long vmRssKb()
{
	std::ifstream status("/proc/self/status");
	std::string line;
	while (std::getline(status, line))
	{
		if (line.compare(0, 6, "VmRSS:") == 0) return std::stol(line.substr(6));
	}
	return -1;
}

// Counts and hashes what is written, keeping nothing.
class HashingBuf: public std::streambuf
{
public:
	std::uint64_t hash = 1469598103934665603ULL;
	std::uint64_t count = 0;

	void add(const char* p, std::size_t n)
	{
		for (std::size_t i = 0; i < n; ++i)
		{
			hash = (hash ^ static_cast<unsigned char>(p[i])) * 1099511628211ULL;
		}
		count += n;
	}

protected:
	std::streamsize xsputn(const char* s, std::streamsize n) override
	{
		add(s, static_cast<std::size_t>(n));
		return n;
	}

	int_type overflow(int_type c) override
	{
		if (c != traits_type::eof())
		{
			char ch = static_cast<char>(c);
			add(&ch, 1);
		}
		return c;
	}
};

} // namespace

class LargeMessageTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(LargeMessageTest);
	CPPUNIT_TEST(testBigAttachmentBoundedMemory);
	CPPUNIT_TEST_SUITE_END();

public:
	void testBigAttachmentBoundedMemory()
	{
		const std::size_t payloadSize = 18 * 1024 * 1024 + 5;  // ~25 MB once base64 encoded
		std::uint64_t expectedHash;
		std::string raw;
		{
			std::string payload(payloadSize, '\0');
			std::uint32_t x = 2463534242u;
			for (char& c: payload)
			{
				x ^= x << 13; x ^= x >> 17; x ^= x << 5;
				c = static_cast<char>(x);
			}
			HashingBuf h;
			h.add(payload.data(), payload.size());
			expectedHash = h.hash;
			std::ostringstream msg;
			msg << "From: Anna <anna@example.org>\r\nTo: jobs@ats.example\r\nSubject: portfolio\r\n"
				"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n"
				"--big\r\nContent-Type: text/plain\r\n\r\nMy portfolio is attached.\r\n"
				"--big\r\nContent-Type: application/zip; name=portfolio.zip\r\n"
				"Content-Transfer-Encoding: base64\r\n\r\n";
			{
				Poco::Base64Encoder enc(msg);
				enc.write(payload.data(), static_cast<std::streamsize>(payload.size()));
				enc.close();
			}
			msg << "\r\n--big--\r\n";
			raw = msg.str();
		}
		CPPUNIT_ASSERT(raw.size() > 24 * 1024 * 1024);
		const long before = vmRssKb();

		Message m = parseMessage(raw.data(), raw.size());
		CPPUNIT_ASSERT_EQUAL(std::string("My portfolio is attached."), m.text);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.attachments.size());
		CPPUNIT_ASSERT_EQUAL(std::string("portfolio.zip"), m.attachments[0].fileName);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(payloadSize), m.attachments[0].size);
		const long afterParse = vmRssKb();

		HashingBuf buf;
		std::ostream sink(&buf);
		streamAttachment(raw.data(), raw.size(), m.attachments[0], sink);
		const long afterStream = vmRssKb();
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(payloadSize), buf.count);
		CPPUNIT_ASSERT_EQUAL(expectedHash, buf.hash);

		std::cerr << " [" << raw.size() / 1024 << " kB message: RSS +" << afterParse - before << " kB after parse, +"
			<< afterStream - before << " kB after streaming] ";
		// Growth well under the message size (far from the 2x of a copy).
		const long limitKb = static_cast<long>(raw.size() / 1024 / 8);
		CPPUNIT_ASSERT_MESSAGE("parse grew RSS by " + std::to_string(afterParse - before) + " kB",
			afterParse - before < limitKb);
		CPPUNIT_ASSERT_MESSAGE("stream grew RSS by " + std::to_string(afterStream - before) + " kB",
			afterStream - before < limitKb);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(LargeMessageTest);
