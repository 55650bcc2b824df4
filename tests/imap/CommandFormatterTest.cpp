// Command lines: argument forms, literal splitting by LITERAL mode, masking.

#include "connector/imap/protocol/CommandFormatter.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::imap;

class CommandFormatterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CommandFormatterTest);
	CPPUNIT_TEST(testForms);
	CPPUNIT_TEST(testSynchronizingLiteralSplits);
	CPPUNIT_TEST(testLiteralPlusAndMinus);
	CPPUNIT_TEST(testSecretsMasked);
	CPPUNIT_TEST(testCriteria);
	CPPUNIT_TEST_SUITE_END();

public:
	void testCriteria()
	{
		CommandFormatter ascii("A1", "UID SEARCH");
		ascii.criteria("OR (FROM \"a b\") SINCE 1-Jan-2024");
		CPPUNIT_ASSERT_EQUAL(std::string("A1 UID SEARCH OR (FROM \"a b\") SINCE 1-Jan-2024\r\n"), ascii.segments()[0]);
		CPPUNIT_ASSERT(!CommandFormatter::hasEightBit("plain"));
		CommandFormatter utf8("A2", "UID SEARCH", LiteralMode::Plus);
		utf8.atom("CHARSET UTF-8").criteria("SUBJECT \"caf\xC3\xA9\" BODY na\xC3\xAFve");
		CPPUNIT_ASSERT(CommandFormatter::hasEightBit("caf\xC3\xA9"));
		std::vector<std::string> s = utf8.segments();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.size());
		CPPUNIT_ASSERT_EQUAL(std::string("A2 UID SEARCH CHARSET UTF-8 SUBJECT {5+}\r\ncaf\xC3\xA9 BODY {6+}\r\nna\xC3\xAFve\r\n"), s[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("A2 UID SEARCH CHARSET UTF-8 SUBJECT {5+} BODY {6+}"), utf8.trace());
	}

	void testForms()
	{
		CommandFormatter c("A1", "SELECT");
		c.astring("INBOX").astring("My Folder").astring("a\"b\\c").astring("");
		std::vector<std::string> s = c.segments();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.size());
		CPPUNIT_ASSERT_EQUAL(std::string("A1 SELECT INBOX \"My Folder\" \"a\\\"b\\\\c\" \"\"\r\n"), s[0]);
	}

	void testSynchronizingLiteralSplits()
	{
		CommandFormatter c("A2", "APPEND");
		c.astring("Sent").atom("(\\Seen)").literal("Hi\r\n");
		std::vector<std::string> s = c.segments();
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.size());
		CPPUNIT_ASSERT_EQUAL(std::string("A2 APPEND Sent (\\Seen) {4}\r\n"), s[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("Hi\r\n\r\n"), s[1]);
		CPPUNIT_ASSERT_EQUAL(std::string("A2 APPEND Sent (\\Seen) {4}"), c.trace());
	}

	void testLiteralPlusAndMinus()
	{
		std::string big(5000, 'x');
		CommandFormatter plus("A3", "APPEND", LiteralMode::Plus);
		plus.astring("INBOX").literal(big);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), plus.segments().size());
		CPPUNIT_ASSERT(plus.segments()[0].find("{5000+}\r\n") != std::string::npos);

		CommandFormatter minus("A4", "APPEND", LiteralMode::Minus);
		minus.astring("INBOX").literal(big).literal("small");
		std::vector<std::string> s = minus.segments();
		// The big literal must synchronize; the small one may not.
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.size());
		CPPUNIT_ASSERT(s[0].find("{5000}\r\n") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(big + " {5+}\r\nsmall\r\n", s[1]);
	}

	void testSecretsMasked()
	{
		CommandFormatter c("A5", "LOGIN");
		c.astring("alice@example.test").secret("pa ss");
		CPPUNIT_ASSERT_EQUAL(std::string("A5 LOGIN alice@example.test \"pa ss\"\r\n"), c.segments()[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("A5 LOGIN alice@example.test ***"), c.trace());
		CPPUNIT_ASSERT(c.trace().find("pa ss") == std::string::npos);

		CommandFormatter l("A6", "LOGIN");
		l.astring("bob").secret("p\xC3\xA4ss");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), l.segments().size());
		CPPUNIT_ASSERT_EQUAL(std::string("A6 LOGIN bob ***"), l.trace());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(CommandFormatterTest);
