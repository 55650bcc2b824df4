#include "connector/smtp/DotStuffer.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::smtp::DotStuffer;

class DotStufferTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DotStufferTest);
	CPPUNIT_TEST(testDots);
	CPPUNIT_TEST(testLineEnds);
	CPPUNIT_TEST(testEmptyAndUnterminated);
	CPPUNIT_TEST(testEveryChunking);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDots()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("a\r\n..\r\n..b\r\nc.d\r\n...\r\n.\r\n"),
			DotStuffer::encode("a\r\n.\r\n.b\r\nc.d\r\n..\r\n"));
		CPPUNIT_ASSERT_EQUAL(std::string("..first\r\n.\r\n"), DotStuffer::encode(".first\r\n"));
	}

	void testLineEnds()
	{
		// Bare LF and bare CR both end a line; CRLF stays one line end.
		CPPUNIT_ASSERT_EQUAL(std::string("a\r\nb\r\nc\r\n\r\n.\r\n"), DotStuffer::encode("a\nb\rc\r\n\n"));
		CPPUNIT_ASSERT_EQUAL(std::string("x\r\n..y\r\n.\r\n"), DotStuffer::encode("x\r.y"));
	}

	void testEmptyAndUnterminated()
	{
		CPPUNIT_ASSERT_EQUAL(std::string(".\r\n"), DotStuffer::encode(""));
		CPPUNIT_ASSERT_EQUAL(std::string("no end\r\n.\r\n"), DotStuffer::encode("no end"));
		CPPUNIT_ASSERT_EQUAL(std::string("cr\r\n.\r\n"), DotStuffer::encode("cr\r"));
	}

	void testEveryChunking()
	{
		// The same bytes split at every pair of points give the same stream.
		const std::string message = "Subject: x\r\n\r\n.\r\n..\r\nline\n.dot\r\rend\r";
		const std::string whole = DotStuffer::encode(message);
		for (std::size_t i = 0; i <= message.size(); ++i)
		{
			for (std::size_t j = i; j <= message.size(); ++j)
			{
				DotStuffer stuffer;
				std::string out;
				stuffer.feed(message.data(), i, out);
				stuffer.feed(message.data() + i, j - i, out);
				stuffer.feed(message.data() + j, message.size() - j, out);
				stuffer.finish(out);
				CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(i) + "," + std::to_string(j), whole, out);
			}
		}
		// byte at a time
		DotStuffer stuffer;
		std::string out;
		for (char c: message) stuffer.feed(&c, 1, out);
		stuffer.finish(out);
		CPPUNIT_ASSERT_EQUAL(whole, out);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(DotStufferTest);
