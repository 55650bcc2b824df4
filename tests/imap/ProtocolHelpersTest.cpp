// UID sets, modified UTF-7 mailbox names and argument quoting.

#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ModifiedUtf7.h"
#include "connector/imap/protocol/Quoting.h"
#include "connector/imap/protocol/Sasl.h"
#include "connector/imap/protocol/UidSet.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::imap;

class ProtocolHelpersTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ProtocolHelpersTest);
	CPPUNIT_TEST(testUidSet);
	CPPUNIT_TEST(testModifiedUtf7);
	CPPUNIT_TEST(testQuoting);
	CPPUNIT_TEST(testSasl);
	CPPUNIT_TEST(testDateTime);
	CPPUNIT_TEST_SUITE_END();

public:
	void testUidSet()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("1:3,5,7:9"), UidSet({9, 1, 2, 3, 5, 7, 8, 2}).toString());
		UidSet s = UidSet::parse("7:*,1,3:2");
		CPPUNIT_ASSERT_EQUAL(std::string("1:3,7:*"), s.toString());
		CPPUNIT_ASSERT(s.contains(2));
		CPPUNIT_ASSERT(!s.contains(5));
		CPPUNIT_ASSERT(s.contains(4000000000u));
		CPPUNIT_ASSERT_EQUAL(std::string("1:10"), UidSet::parse("1:5,6:10").toString());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(5), UidSet::parse("1:5").count());
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), UidSet::parse("1:3,9").expand().size());
		CPPUNIT_ASSERT_THROW(UidSet::parse("1:4294967295").expand(), ImapProtocolError);
		CPPUNIT_ASSERT_THROW(UidSet::parse("0"), ImapProtocolError);
		CPPUNIT_ASSERT_THROW(UidSet::parse("1,,2"), ImapProtocolError);
		CPPUNIT_ASSERT_THROW(UidSet::parse("4294967296"), ImapProtocolError);
		CPPUNIT_ASSERT_THROW(UidSet::parse(""), ImapProtocolError);
	}

	void testModifiedUtf7()
	{
		// RFC 3501 5.1.3's example, and names from real servers.
		CPPUNIT_ASSERT_EQUAL(std::string("~peter/mail/&U,BTFw-/&ZeVnLIqe-"), encodeMailboxName("~peter/mail/\xE5\x8F\xB0\xE5\x8C\x97/\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"));
		CPPUNIT_ASSERT_EQUAL(std::string("~peter/mail/\xE5\x8F\xB0\xE5\x8C\x97/\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), decodeMailboxName("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
		CPPUNIT_ASSERT_EQUAL(std::string("Entw&APw-rfe"), encodeMailboxName("Entw\xC3\xBCrfe"));
		CPPUNIT_ASSERT_EQUAL(std::string("Tom &- Jerry"), encodeMailboxName("Tom & Jerry"));
		CPPUNIT_ASSERT_EQUAL(std::string("Tom & Jerry"), decodeMailboxName("Tom &- Jerry"));
		const std::string emoji = "Jobs \xF0\x9F\x8E\x89";
		CPPUNIT_ASSERT_EQUAL(emoji, decodeMailboxName(encodeMailboxName(emoji)));
		bool valid = true;
		CPPUNIT_ASSERT_EQUAL(std::string("&Jjo"), decodeMailboxName("&Jjo", &valid));
		CPPUNIT_ASSERT(!valid);
		decodeMailboxName("&2D3-", &valid); // a lone surrogate
		CPPUNIT_ASSERT(!valid);
		decodeMailboxName("caf\xE9", &valid);
		CPPUNIT_ASSERT(!valid);
		CPPUNIT_ASSERT_EQUAL(std::string("&,,0-"), encodeMailboxName("\xFF")); // invalid UTF-8 becomes U+FFFD ("/" is "," here)
	}

	void testQuoting()
	{
		CPPUNIT_ASSERT(formFor("INBOX") == ArgumentForm::Atom);
		CPPUNIT_ASSERT(formFor("Sent Items") == ArgumentForm::Quoted);
		CPPUNIT_ASSERT(formFor("") == ArgumentForm::Quoted);
		CPPUNIT_ASSERT(formFor("NIL") == ArgumentForm::Quoted);
		CPPUNIT_ASSERT(formFor("pa\"ss\\word") == ArgumentForm::Quoted);
		CPPUNIT_ASSERT(formFor("line\r\nbreak") == ArgumentForm::Literal);
		CPPUNIT_ASSERT(formFor("p\xC3\xA4ss") == ArgumentForm::Literal);
		CPPUNIT_ASSERT(formFor(std::string(2000, 'a')) == ArgumentForm::Literal);
		CPPUNIT_ASSERT_EQUAL(std::string("\"pa\\\"ss\\\\word\""), quoted("pa\"ss\\word"));
		CPPUNIT_ASSERT_EQUAL(std::string("{12+}"), literalPrefix(12, true));
		CPPUNIT_ASSERT_EQUAL(std::string("{3}"), literalPrefix(3, false));
	}

	void testSasl()
	{
		// RFC 4616 section 4's example, without an authzid.
		CPPUNIT_ASSERT_EQUAL(std::string("AHRpbQB0YW5zdGFhZnRhbnN0YWFm"), saslPlain("tim", "tanstaaftanstaaf"));
		CPPUNIT_ASSERT_EQUAL(std::string("K\0tim\0tanstaaf", 14), base64Decode(saslPlain("tim", "tanstaaf", "K")));
		// Google's XOAUTH2 example.
		CPPUNIT_ASSERT_EQUAL(std::string("dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="),
			saslXOAuth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"));
		// RFC 7628 section 4.1's example.
		CPPUNIT_ASSERT_EQUAL(std::string("n,a=user@example.com,\x01host=server.example.com\x01port=143\x01" "auth=Bearer vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==\x01\x01"),
			base64Decode(saslOAuthBearer("user@example.com", "server.example.com", 143, "vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==")));
		CPPUNIT_ASSERT_EQUAL(std::string("\x01"), base64Decode(saslOAuthBearerAbort()));
		CPPUNIT_ASSERT_THROW(base64Decode("not base64!"), ImapProtocolError);
	}

	void testDateTime()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("\"05-Mar-2024 08:07:00 +0000\""), dateTime(1709626020));
		CPPUNIT_ASSERT_EQUAL(std::string("\"04-Mar-2024 23:37:00 -0830\""), dateTime(1709626020, -510));
		CPPUNIT_ASSERT_EQUAL(std::string("\"01-Jan-1970 00:00:00 +0000\""), dateTime(0));
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProtocolHelpersTest);
