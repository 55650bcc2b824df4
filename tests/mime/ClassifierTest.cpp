#include "connector/mime/Classifier.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::mime::Classifier;
using mailbridge::mime::DeliveryFailure;
using mailbridge::mime::HeaderBlock;

class ClassifierTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ClassifierTest);
	CPPUNIT_TEST(testBulk);
	CPPUNIT_TEST(testAutoReplyHeaders);
	CPPUNIT_TEST(testOutOfOfficeSubjects);
	CPPUNIT_TEST(testDeliveryStatus);
	CPPUNIT_TEST_SUITE_END();

	static HeaderBlock headers(const std::string& text)
	{
		HeaderBlock h;
		h.parse(text.data(), text.size());
		return h;
	}

public:
	void testBulk()
	{
		CPPUNIT_ASSERT(Classifier::isBulk(headers("List-Id: Jobs <jobs.example.com>\n\n")));
		CPPUNIT_ASSERT(Classifier::isBulk(headers("List-Unsubscribe: <mailto:u@x>\n\n")));
		CPPUNIT_ASSERT(Classifier::isBulk(headers("Precedence: Bulk\n\n")));
		CPPUNIT_ASSERT(Classifier::isBulk(headers("Precedence: junk\n\n")));
		CPPUNIT_ASSERT(!Classifier::isBulk(headers("Precedence: first-class\nSubject: x\n\n")));
	}

	void testAutoReplyHeaders()
	{
		CPPUNIT_ASSERT(Classifier::isAutoReply(headers("Auto-Submitted: auto-replied (vacation)\n\n"), "Re: hi"));
		CPPUNIT_ASSERT(!Classifier::isAutoReply(headers("Auto-Submitted: no\n\n"), "Re: hi"));
		CPPUNIT_ASSERT(Classifier::isAutoReply(headers("X-Autoreply: yes\n\n"), "Re: hi"));
		CPPUNIT_ASSERT(Classifier::isAutoReply(headers("X-Autorespond: x\n\n"), "Re: hi"));
		CPPUNIT_ASSERT(Classifier::isAutoReply(headers("Precedence: auto_reply\n\n"), "Re: hi"));
		CPPUNIT_ASSERT(!Classifier::isAutoReply(headers("X-Auto-Response-Suppress: All\n\n"), "Re: your application"));
	}

	void testOutOfOfficeSubjects()
	{
		HeaderBlock none;
		CPPUNIT_ASSERT(Classifier::isAutoReply(none, "Out of Office: Interview"));
		CPPUNIT_ASSERT(Classifier::isAutoReply(none, "Automatic reply: Your application"));
		CPPUNIT_ASSERT(Classifier::isAutoReply(none, "Automatische Antwort: Bewerbung"));
		CPPUNIT_ASSERT(Classifier::isAutoReply(none, "AUTO: Anna is out"));
		CPPUNIT_ASSERT(!Classifier::isAutoReply(none, "Re: Office manager position"));
	}

	void testDeliveryStatus()
	{
		std::string dsn =
			"Reporting-MTA: dns; mail.example.com\n"
			"X-Postfix-Queue-ID: 3F1A2B\n"
			"Arrival-Date: Mon,  3 Jan 2005 10:00:00 +0100 (CET)\n"
			"\n"
			"Final-Recipient: rfc822; Nobody@Example.ORG\n"
			"Original-Recipient: rfc822;nobody@example.org\n"
			"Action: failed\n"
			"Status: 5.1.1\n"
			"Remote-MTA: dns; mx.example.org\n"
			"Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address\n"
			"    rejected: User unknown\n"
			"\n"
			"Final-Recipient: rfc822; slow@example.net\n"
			"Action: delayed\n"
			"Status: 4.4.1\n"
			"\n"
			"Final-Recipient: rfc822; <full@example.net>\n"
			"Status: 4.2.2 (mailbox full)\n";
		std::vector<DeliveryFailure> f;
		Classifier::parseDeliveryStatus(dsn, f);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), f.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Nobody@example.org"), f[0].recipient);
		CPPUNIT_ASSERT_EQUAL(std::string("5.1.1"), f[0].status);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown"), f[0].diagnostic);
		CPPUNIT_ASSERT_EQUAL(std::string("full@example.net"), f[1].recipient);
		CPPUNIT_ASSERT_EQUAL(std::string("4.2.2"), f[1].status);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClassifierTest);
