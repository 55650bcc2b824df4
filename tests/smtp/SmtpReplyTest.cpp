#include "connector/smtp/SmtpErrors.h"
#include "connector/smtp/SmtpReply.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::smtp;

class SmtpReplyTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SmtpReplyTest);
	CPPUNIT_TEST(testSingleLine);
	CPPUNIT_TEST(testMultiLine);
	CPPUNIT_TEST(testMalformed);
	CPPUNIT_TEST(testBounded);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSingleLine()
	{
		SmtpReply r;
		CPPUNIT_ASSERT(r.addLine("550 5.1.1 <x@y> no such user"));
		CPPUNIT_ASSERT(r.complete());
		CPPUNIT_ASSERT_EQUAL(550, r.code());
		CPPUNIT_ASSERT(r.permanent());
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.1.1 <x@y> no such user"), r.text());
		SmtpReply bare;
		CPPUNIT_ASSERT(bare.addLine("354"));
		CPPUNIT_ASSERT(bare.intermediate());
	}

	void testMultiLine()
	{
		SmtpReply r;
		CPPUNIT_ASSERT(!r.addLine("250-localhost"));
		CPPUNIT_ASSERT(!r.addLine("250-AUTH PLAIN LOGIN"));
		CPPUNIT_ASSERT(!r.complete());
		CPPUNIT_ASSERT(r.addLine("250 PIPELINING"));
		CPPUNIT_ASSERT(r.positive());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.lines().size());
		CPPUNIT_ASSERT_EQUAL(std::string("AUTH PLAIN LOGIN"), r.lines()[1]);
		CPPUNIT_ASSERT_EQUAL(std::string("250 localhost / AUTH PLAIN LOGIN / PIPELINING"), r.text());
		CPPUNIT_ASSERT_THROW(r.addLine("250 more"), SmtpProtocolError);
	}

	void testMalformed()
	{
		for (const char* bad: {"", "25", "abc hello", "250x", "650 no", "099 x", "* OK imap"})
		{
			SmtpReply r;
			CPPUNIT_ASSERT_THROW_MESSAGE(bad, r.addLine(bad), SmtpProtocolError);
		}
		SmtpReply changed;
		changed.addLine("250-a");
		CPPUNIT_ASSERT_THROW(changed.addLine("550 b"), SmtpProtocolError);
		SmtpReply control;
		control.addLine("421 bye\x01\x7f");
		CPPUNIT_ASSERT_EQUAL(std::string("421 bye??"), control.text());
		CPPUNIT_ASSERT(control.transient());
	}

	void testBounded()
	{
		SmtpReply r;
		for (std::size_t i = 0; i < SmtpReply::MaxLines; ++i) r.addLine("250-x");
		CPPUNIT_ASSERT_THROW(r.addLine("250-x"), SmtpProtocolError);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SmtpReplyTest);
