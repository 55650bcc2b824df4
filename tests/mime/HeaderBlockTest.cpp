#include "connector/mime/HeaderBlock.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::HeaderBlock;

class HeaderBlockTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(HeaderBlockTest);
	CPPUNIT_TEST(testUnfolding);
	CPPUNIT_TEST(testBareLfAndObsoleteSyntax);
	CPPUNIT_TEST(testMboxFromLineSkipped);
	CPPUNIT_TEST(testMissingBlankLine);
	CPPUNIT_TEST(testNoBodyAtAll);
	CPPUNIT_TEST_SUITE_END();

public:
	void testUnfolding()
	{
		std::string m = "Subject: a long\r\n\tfolded\r\n  subject\r\nTo: x@y\r\n\r\nbody";
		HeaderBlock h;
		std::size_t body = h.parse(m.data(), m.size());
		CPPUNIT_ASSERT_EQUAL(std::string("body"), m.substr(body));
		CPPUNIT_ASSERT_EQUAL(std::string("a long folded subject"), h.get("subject"));
		CPPUNIT_ASSERT_EQUAL(std::string("x@y"), h.get("TO"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), h.fields().size());
	}

	void testBareLfAndObsoleteSyntax()
	{
		std::string m = "Received: a\nReceived: b\nSubject : spaced   \nX-Empty:\n\t\nX-Next: n\n\nbody\n";
		HeaderBlock h;
		std::size_t body = h.parse(m.data(), m.size());
		CPPUNIT_ASSERT_EQUAL(std::string("body\n"), m.substr(body));
		CPPUNIT_ASSERT_EQUAL(std::string("spaced"), h.get("Subject"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), h.findAll("received").size());
		CPPUNIT_ASSERT_EQUAL(std::string("b"), *h.findAll("received")[1]);
		CPPUNIT_ASSERT_EQUAL(std::string(""), h.get("X-Empty"));
		CPPUNIT_ASSERT_EQUAL(std::string("n"), h.get("X-Next"));
		CPPUNIT_ASSERT(h.find("X-Missing") == nullptr);
	}

	void testMboxFromLineSkipped()
	{
		std::string m = "From MAILER-DAEMON Fri Apr 27 10:00:00 2001\nFrom: a@b\n\nx";
		HeaderBlock h;
		h.parse(m.data(), m.size());
		CPPUNIT_ASSERT_EQUAL(std::string("a@b"), h.get("From"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), h.fields().size());
	}

	void testMissingBlankLine()
	{
		std::string m = "Subject: x\r\nthis is the body already\r\nmore";
		HeaderBlock h;
		std::size_t body = h.parse(m.data(), m.size());
		CPPUNIT_ASSERT_EQUAL(std::string("this is the body already\r\nmore"), m.substr(body));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), h.problems().size());
	}

	void testNoBodyAtAll()
	{
		std::string m = "Subject: only headers\r\nTo: a@b";
		HeaderBlock h;
		CPPUNIT_ASSERT_EQUAL(m.size(), h.parse(m.data(), m.size()));
		CPPUNIT_ASSERT_EQUAL(std::string("a@b"), h.get("To"));
		HeaderBlock empty;
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), empty.parse("", 0));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(HeaderBlockTest);
