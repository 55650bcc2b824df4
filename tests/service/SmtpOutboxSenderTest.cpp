// SmtpOutboxSender: the outbox item's recipients become one envelope and
// the server's replies come back per recipient.

#include "../smtp/FakeSmtpServer.h"
#include "connector/service/SmtpOutboxSender.h"
#include "connector/smtp/SmtpErrors.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using mailbridge::test::FakeSmtpServer;

class SmtpOutboxSenderTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SmtpOutboxSenderTest);
	CPPUNIT_TEST(testRecipientsMappedBack);
	CPPUNIT_TEST(testEveryRecipientRefused);
	CPPUNIT_TEST_SUITE_END();

	static smtp::SmtpSenderOptions options(const FakeSmtpServer& server)
	{
		smtp::SmtpSenderOptions o;
		o.port = server.port();
		o.security = smtp::SmtpSenderOptions::Plain;
		o.auth = smtp::SmtpSenderOptions::NoAuth;
		o.ehloName = "client.example";
		o.commandTimeout = Poco::Timespan(2, 0);
		return o;
	}

	static sync::OutboxItem item(const std::vector<std::pair<std::string, sync::OutboxRecipient::Kind>>& to)
	{
		sync::OutboxItem i;
		i.id = 7;
		i.from = "alice@example.test";
		for (const auto& t: to)
		{
			sync::OutboxRecipient r;
			r.address = t.first;
			r.kind = t.second;
			i.recipients.push_back(r);
		}
		return i;
	}

public:
	void testRecipientsMappedBack()
	{
		FakeSmtpServer server({
			{"S", "220 fake\r\n"}, {"C", "EHLO client.example"}, {"S", "250 fake\r\n"},
			{"C", "MAIL FROM:<alice@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<bob@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<nobody@example.org>"}, {"S", "550 5.0.0 Invalid recipient\r\n"},
			{"C", "RCPT TO:<carol@example.net>"}, {"S", "452 4.2.2 Mailbox full\r\n"},
			{"C", "DATA"}, {"S", "354 go\r\n"}, {"DATA", ""}, {"S", "250 Ok\r\n"}});
		smtp::SmtpSender sender(options(server));
		service::SmtpOutboxSender outbox(sender);
		using K = sync::OutboxRecipient;
		std::vector<sync::OutboxRecipient> got = outbox.send(
			item({{"bob@example.test", K::To}, {"nobody@example.org", K::Cc}, {"Bob@Example.test", K::Cc}, {"carol@example.net", K::Bcc}}),
			"Subject: x\r\n\r\nbody\r\n");
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), got.size());
		CPPUNIT_ASSERT(got[0].state == K::Accepted);
		CPPUNIT_ASSERT(got[1].state == K::Refused);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.0.0 Invalid recipient"), got[1].reply);
		CPPUNIT_ASSERT(got[2].state == K::Accepted); // the same address, sent once
		CPPUNIT_ASSERT(got[2].kind == K::Cc);
		CPPUNIT_ASSERT(got[3].state == K::Deferred);
		CPPUNIT_ASSERT_EQUAL(std::string("452 4.2.2 Mailbox full"), got[3].reply);
	}

	void testEveryRecipientRefused()
	{
		FakeSmtpServer server({
			{"S", "220 fake\r\n"}, {"C", "EHLO client.example"}, {"S", "250 fake\r\n"},
			{"C", "MAIL FROM:<alice@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<nobody@example.org>"}, {"S", "550 5.0.0 Invalid recipient\r\n"},
			{"C", "RSET"}, {"S", "250 Ok\r\n"}});
		smtp::SmtpSender sender(options(server));
		service::SmtpOutboxSender outbox(sender);
		std::vector<sync::OutboxRecipient> got = outbox.send(item({{"nobody@example.org", sync::OutboxRecipient::To}}), "x\r\n");
		CPPUNIT_ASSERT(got.at(0).state == sync::OutboxRecipient::Refused);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.0.0 Invalid recipient"), got.at(0).reply);
		CPPUNIT_ASSERT(sender.connected());
		sender.quit();
		server.finish();
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SmtpOutboxSenderTest);
