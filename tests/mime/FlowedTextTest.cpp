#include "connector/mime/FlowedText.h"
#include "connector/mime/MessageParser.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::mime;

class FlowedTextTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FlowedTextTest);
	CPPUNIT_TEST(testParagraphsJoined);
	CPPUNIT_TEST(testQuotesAndStuffing);
	CPPUNIT_TEST(testDelSpAndSignature);
	CPPUNIT_TEST(testInMessage);
	CPPUNIT_TEST_SUITE_END();

public:
	void testParagraphsJoined()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Thank you for the interview on Tuesday, I enjoyed it.\n\nBest,\nAnna\n"),
			FlowedText::unwrap("Thank you for the interview on \nTuesday, I enjoyed it.\n\nBest,\nAnna\n", false));
	}

	void testQuotesAndStuffing()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("Yes.\n> Can we meet on Tuesday at ten?\n>> Earlier text\n From here\n"),
			FlowedText::unwrap("Yes.\n> Can we meet on \n> Tuesday at ten?\n>> Earlier text\n  From here\n", false));
		// A flowed line followed by a different quote depth ends there.
		CPPUNIT_ASSERT_EQUAL(std::string("> quoted \nnew"), FlowedText::unwrap("> quoted \nnew", false));
	}

	void testDelSpAndSignature()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\n-- \nAnna\n"),
			FlowedText::unwrap("\xE6\x97\xA5\xE6\x9C\xAC \n\xE8\xAA\x9E\n-- \nAnna\n", true));
	}

	void testInMessage()
	{
		std::string raw = "Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
			"I would like to apply for the \r\nposition.\r\n\r\nOn Mon, Anna wrote:\r\n> Please send \r\n> your CV.\r\n";
		Message m = parseMessage(raw.data(), raw.size());
		CPPUNIT_ASSERT_EQUAL(std::string("I would like to apply for the position.\n\nOn Mon, Anna wrote:\n> Please send your CV."), m.text);
		CPPUNIT_ASSERT_EQUAL(std::string("I would like to apply for the position."), m.textNew);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(FlowedTextTest);
