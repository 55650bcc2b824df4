#include "connector/service/MessageParsing.h"
#include "connector/mime/Message.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;

class MessageParsingTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MessageParsingTest);
	CPPUNIT_TEST(testReplyParentsNearestFirst);
	CPPUNIT_TEST(testDeliveryReport);
	CPPUNIT_TEST(testNoDateUsesInternalDate);
	CPPUNIT_TEST(testGarbageStillParses);
	CPPUNIT_TEST_SUITE_END();

public:
	void testReplyParentsNearestFirst()
	{
		const std::string raw =
			"From: =?UTF-8?Q?Ren=C3=A9e?= <Renee@Example.NET>\r\n"
			"To: alice@example.test, \"Smith, Bob\" <bob@example.test>\r\n"
			"Cc: carol@example.net\r\n"
			"Subject: Re: the Java role\r\n"
			"Message-ID: <r2@example.net>\r\n"
			"In-Reply-To: <q1@example.test>\r\n"
			"References: <root@example.test> <q1@example.test>\r\n"
			"Date: Tue, 17 Nov 2026 09:30:00 +0100\r\n"
			"\r\n"
			"Yes, I am interested.\r\n";
		sync::ParsedMessage m = service::parseMessageForSync(raw, Poco::Timestamp(0));
		CPPUNIT_ASSERT_EQUAL(std::string("r2@example.net"), m.messageId);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.parentIds.size());
		CPPUNIT_ASSERT_EQUAL(std::string("q1@example.test"), m.parentIds[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("root@example.test"), m.parentIds[1]);
		CPPUNIT_ASSERT_EQUAL(std::string("Renée"), m.from.name);
		CPPUNIT_ASSERT_EQUAL(std::string("Renee@example.net"), m.from.address);
		CPPUNIT_ASSERT_EQUAL(std::string("renee@example.net"), m.from.key);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.to.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Smith, Bob"), m.to[1].name);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.cc.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Re: the Java role"), m.subject);
		CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeVal(1794904200) * 1000000, m.date.epochMicroseconds());
		CPPUNIT_ASSERT(m.full);
		CPPUNIT_ASSERT(m.full->text.find("interested") != std::string::npos);
	}

	void testDeliveryReport()
	{
		const std::string raw =
			"From: Mail Delivery System <MAILER-DAEMON@mx.example.test>\r\n"
			"To: alice@example.test\r\n"
			"Subject: Undelivered Mail Returned to Sender\r\n"
			"MIME-Version: 1.0\r\n"
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n"
			"\r\n"
			"--b\r\nContent-Type: text/plain\r\n\r\nI could not deliver your message.\r\n"
			"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
			"Reporting-MTA: dns; mx.example.test\r\n\r\n"
			"Final-Recipient: rfc822; Gone.Candidate@Example.net\r\n"
			"Action: failed\r\nStatus: 5.1.1\r\n"
			"Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n"
			"--b--\r\n";
		sync::ParsedMessage m = service::parseMessageForSync(raw, Poco::Timestamp());
		CPPUNIT_ASSERT(m.deliveryReport);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.failedRecipients.size());
		CPPUNIT_ASSERT_EQUAL(std::string("gone.candidate@example.net"), m.failedRecipients[0]);
	}

	void testNoDateUsesInternalDate()
	{
		const Poco::Timestamp internal = Poco::Timestamp::fromEpochTime(1790000000);
		sync::ParsedMessage m = service::parseMessageForSync("From: a@b.test\r\nSubject: x\r\n\r\nbody\r\n", internal);
		CPPUNIT_ASSERT(m.date == internal);
		CPPUNIT_ASSERT(!m.full->dateFromHeader);
	}

	void testGarbageStillParses()
	{
		std::string raw("\0\xff\r\n:::\r\nFrom: <<<\r\n\r\n", 17);
		sync::ParsedMessage m = service::parseMessageForSync(raw, Poco::Timestamp::fromEpochTime(1790000000));
		CPPUNIT_ASSERT(m.full);
		CPPUNIT_ASSERT(m.messageId.empty());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessageParsingTest);
