// SmtpSender against scripted servers: envelope syntax, per-recipient
// outcomes, failures typed by reply, dropped connections and timeouts.

#include "FakeSmtpServer.h"
#include "connector/smtp/SmtpErrors.h"
#include "connector/smtp/SmtpRecipientsRefused.h"
#include "connector/smtp/SmtpSender.h"

#include <Poco/Timestamp.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using namespace mailbridge::smtp;
using mailbridge::test::FakeSmtpServer;

namespace {

const std::string Banner = "220 fake.example ESMTP\r\n";
const std::string Ehlo = "250-fake.example\r\n250-SIZE 50000000\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN XOAUTH2\r\n250 PIPELINING\r\n";

FakeSmtpServer::Script greeting()
{
	return {{"S", Banner}, {"C", "EHLO client.example"}, {"S", Ehlo}};
}

FakeSmtpServer::Script operator+(FakeSmtpServer::Script a, const FakeSmtpServer::Script& b)
{
	a.insert(a.end(), b.begin(), b.end());
	return a;
}

SmtpSenderOptions options(const FakeSmtpServer& server, SmtpSenderOptions::Auth auth = SmtpSenderOptions::NoAuth)
{
	SmtpSenderOptions o;
	o.host = "127.0.0.1";
	o.port = server.port();
	o.security = SmtpSenderOptions::Plain;
	o.auth = auth;
	o.user = "alice@example.test";
	o.secret = "secret";
	o.allowInsecure = auth != SmtpSenderOptions::NoAuth; // the fake speaks no TLS
	o.ehloName = "client.example";
	o.commandTimeout = Poco::Timespan(2, 0);
	o.dataTimeout = Poco::Timespan(2, 0);
	return o;
}

const std::string Message = "From: a@example.test\r\nTo: b@example.test\r\nSubject: hi\r\n\r\nbody\r\n";

} // namespace

class SmtpSenderTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SmtpSenderTest);
	CPPUNIT_TEST(testEnvelopeAndData);
	CPPUNIT_TEST(testDotStuffing);
	CPPUNIT_TEST(testOneRecipientOfThreeRefused);
	CPPUNIT_TEST(testEveryRecipientRefused);
	CPPUNIT_TEST(testRecipientDeferred);
	CPPUNIT_TEST(testEveryRecipientDeferred);
	CPPUNIT_TEST(test421MidSession);
	CPPUNIT_TEST(testCutBeforeDataReply);
	CPPUNIT_TEST(testCutWhileWritingData);
	CPPUNIT_TEST(testRefusedAtEndOfDataKeepsConnection);
	CPPUNIT_TEST(testSessionLimitReconnects);
	CPPUNIT_TEST(testAuthPlain);
	CPPUNIT_TEST(testAuthRefused535);
	CPPUNIT_TEST(testAuthLogin);
	CPPUNIT_TEST(testXOAuth2Refused);
	CPPUNIT_TEST(testAuthTemporary454);
	CPPUNIT_TEST(testBannerHang);
	CPPUNIT_TEST(testBanner421);
	CPPUNIT_TEST(testCutInsideMultiLineReply);
	CPPUNIT_TEST(testNoStartTls);
	CPPUNIT_TEST(testCutInsteadOfTlsHandshake);
	CPPUNIT_TEST(testNoPasswordInClear);
	CPPUNIT_TEST(testBadAddressNeverSent);
	CPPUNIT_TEST(testOverSizeLimit);
	CPPUNIT_TEST_SUITE_END();

public:
	void testEnvelopeAndData()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test> SIZE=" + std::to_string(Message.size())}, {"S", "250 2.1.0 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 2.1.5 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"S", "250 2.0.0 queued as ABC\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}});
		SmtpSender sender(options(server));
		SendResult r = sender.send("a@example.test", {"b@example.test"}, Message);
		CPPUNIT_ASSERT(sender.hasExtension("8BITMIME"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(50000000), sender.sizeLimit());
		sender.quit();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(Message + ".\r\n", server.data());
		CPPUNIT_ASSERT(r.allAccepted());
		CPPUNIT_ASSERT_EQUAL(250, r.dataCode);
		CPPUNIT_ASSERT_EQUAL(std::string("250 2.0.0 queued as ABC"), r.dataReply);
		CPPUNIT_ASSERT_EQUAL(std::string("250 2.1.5 Ok"), r.recipients.at(0).reply);
	}

	void testDotStuffing()
	{
		// 8-bit bytes ask for BODY=8BITMIME; lines starting with "." are doubled.
		std::string message = "Subject: caf\xC3\xA9\r\n\r\n.hidden\r\n.\r\nlast\n";
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test> SIZE=" + std::to_string(message.size()) + " BODY=8BITMIME"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"S", "250 Ok\r\n"}});
		SmtpSender sender(options(server));
		sender.send("a@example.test", {"b@example.test"}, message);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(std::string("Subject: caf\xC3\xA9\r\n\r\n..hidden\r\n..\r\nlast\r\n.\r\n"), server.data());
	}

	void testOneRecipientOfThreeRefused()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<nobody@example.org>"}, {"S", "550 5.1.1 <nobody@example.org> Invalid recipient\r\n"},
			{"C", "RCPT TO:<c@example.net>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"S", "250 Ok queued\r\n"}});
		SmtpSender sender(options(server));
		SendResult r = sender.send("a@example.test", {"b@example.test", "nobody@example.org", "c@example.net"}, Message);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.recipients.size());
		CPPUNIT_ASSERT(r.recipients[0].status == RecipientOutcome::Accepted);
		CPPUNIT_ASSERT(r.recipients[1].status == RecipientOutcome::RefusedPermanently);
		CPPUNIT_ASSERT_EQUAL(550, r.recipients[1].code);
		CPPUNIT_ASSERT_EQUAL(std::string("550 5.1.1 <nobody@example.org> Invalid recipient"), r.recipients[1].reply);
		CPPUNIT_ASSERT(r.recipients[2].status == RecipientOutcome::Accepted);
		CPPUNIT_ASSERT(!r.allAccepted());
		CPPUNIT_ASSERT_EQUAL(250, r.dataCode);
	}

	void testEveryRecipientRefused()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<x@example.org>"}, {"S", "550 5.1.1 unknown x\r\n"},
			{"C", "RCPT TO:<y@example.org>"}, {"S", "553 5.1.3 bad y\r\n"},
			{"C", "RSET"}, {"S", "250 Ok\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}});
		SmtpSender sender(options(server));
		try
		{
			sender.send("a@example.test", {"x@example.org", "y@example.org"}, Message);
			CPPUNIT_FAIL("sent");
		}
		catch (const SmtpRecipientsRefused& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Message);
			CPPUNIT_ASSERT_EQUAL(553, e.code());
			CPPUNIT_ASSERT(e.displayText().find("550 5.1.1 unknown x") != std::string::npos);
			CPPUNIT_ASSERT(e.displayText().find("553 5.1.3 bad y") != std::string::npos);
			CPPUNIT_ASSERT_EQUAL(std::size_t(2), e.result().count(RecipientOutcome::RefusedPermanently));
			// The copy Poco makes when rethrowing keeps the outcomes.
			std::unique_ptr<Poco::Exception> copy(e.clone());
			CPPUNIT_ASSERT_EQUAL(std::size_t(2), dynamic_cast<SmtpRecipientsRefused&>(*copy).result().recipients.size());
		}
		CPPUNIT_ASSERT(sender.connected()); // reset, not dropped
		sender.quit();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testRecipientDeferred()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "452 4.2.2 Mailbox full, try later\r\n"},
			{"C", "RCPT TO:<c@example.net>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"S", "250 Ok\r\n"}});
		SmtpSender sender(options(server));
		SendResult r = sender.send("a@example.test", {"b@example.test", "c@example.net"}, Message);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT(r.recipients[0].status == RecipientOutcome::RefusedTemporarily);
		CPPUNIT_ASSERT_EQUAL(452, r.recipients[0].code);
		CPPUNIT_ASSERT(r.recipients[1].status == RecipientOutcome::Accepted);
	}

	void testEveryRecipientDeferred()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "452 4.5.3 Too many recipients\r\n"},
			{"C", "RCPT TO:<x@example.org>"}, {"S", "550 5.1.1 unknown\r\n"},
			{"CLOSE", ""}});
		SmtpSender sender(options(server));
		try
		{
			sender.send("a@example.test", {"b@example.test", "x@example.org"}, Message);
			CPPUNIT_FAIL("sent");
		}
		catch (const SmtpTemporaryError& e)
		{
			// One address may work later: the whole message is retried.
			CPPUNIT_ASSERT(classify(e) == FailureKind::Transient);
			CPPUNIT_ASSERT(e.displayText().find("452 4.5.3") != std::string::npos);
		}
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void test421MidSession()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "421 4.3.2 Service shutting down\r\n"},
			{"CLOSE", ""}});
		SmtpSender sender(options(server));
		try
		{
			sender.send("a@example.test", {"b@example.test", "c@example.net"}, Message);
			CPPUNIT_FAIL("sent");
		}
		catch (const SmtpTemporaryError& e)
		{
			CPPUNIT_ASSERT_EQUAL(421, e.code());
			CPPUNIT_ASSERT(classify(e) == FailureKind::Transient);
		}
		CPPUNIT_ASSERT(!sender.connected());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testCutBeforeDataReply()
	{
		// The whole message went out, the reply never came: unknown outcome, transient.
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"CLOSE", ""}});
		SmtpSender sender(options(server));
		CPPUNIT_ASSERT_THROW(sender.send("a@example.test", {"b@example.test"}, Message), SmtpNetworkError);
		CPPUNIT_ASSERT(!sender.connected());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testCutWhileWritingData()
	{
		std::string big = "Subject: big\r\n\r\n";
		while (big.size() < 8 * 1024 * 1024) big += std::string(76, 'x') + "\r\n";
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"CUT", "1000"}});
		SmtpSender sender(options(server));
		Poco::Timestamp start;
		try
		{
			sender.send("a@example.test", {"b@example.test"}, big);
			CPPUNIT_FAIL("sent");
		}
		catch (const SmtpNetworkError& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Transient);
		}
		CPPUNIT_ASSERT(start.elapsed() < 5000000);
		CPPUNIT_ASSERT(!sender.connected());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT(server.data().size() >= 1000);
		CPPUNIT_ASSERT_EQUAL(std::string("Subject: big\r\n"), server.data().substr(0, 14));
	}

	void testRefusedAtEndOfDataKeepsConnection()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"S", "554 5.6.0 Message content rejected\r\n"},
			{"C", "RSET"}, {"S", "250 Ok\r\n"},
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"S", "250 Ok second\r\n"}});
		SmtpSender sender(options(server));
		try
		{
			sender.send("a@example.test", {"b@example.test"}, Message);
			CPPUNIT_FAIL("sent");
		}
		catch (const SmtpMessageRefused& e)
		{
			CPPUNIT_ASSERT_EQUAL(554, e.code());
			CPPUNIT_ASSERT(classify(e) == FailureKind::Message);
			CPPUNIT_ASSERT(e.displayText().find("Message content rejected") != std::string::npos);
		}
		SendResult r = sender.send("a@example.test", {"b@example.test"}, Message);
		CPPUNIT_ASSERT_EQUAL(std::string("250 Ok second"), r.dataReply);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testSessionLimitReconnects()
	{
		// OpenSMTPD answers MAIL FROM with 452 after 100 messages in a session.
		FakeSmtpServer::Script one = {
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "250 Ok\r\n"},
			{"C", "RCPT TO:<b@example.test>"}, {"S", "250 Ok\r\n"},
			{"C", "DATA"}, {"S", "354 go ahead\r\n"},
			{"DATA", ""}, {"S", "250 Ok\r\n"}};
		FakeSmtpServer server(greeting() + one + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "452 4.5.3 Too many recipients: Too many messages sent\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}, {"ACCEPT", ""}} + greeting() + one + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "452 4.3.1 Insufficient system storage\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}, {"ACCEPT", ""}} + greeting() + FakeSmtpServer::Script{
			{"C", "MAIL FROM:<a@example.test>*"}, {"S", "452 4.3.1 Insufficient system storage\r\n"}, {"CLOSE", ""}});
		SmtpSender sender(options(server));
		sender.send("a@example.test", {"b@example.test"}, Message);
		sender.send("a@example.test", {"b@example.test"}, Message); // on a new session
		// Refused again on a fresh session: a real temporary failure, one new session only.
		CPPUNIT_ASSERT_THROW(sender.send("a@example.test", {"b@example.test"}, Message), SmtpTemporaryError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testAuthPlain()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ="}, {"S", "235 2.7.0 Ok\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}});
		SmtpSender sender(options(server, SmtpSenderOptions::AuthPlain));
		sender.connect();
		sender.quit();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testAuthRefused535()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "AUTH PLAIN *"}, {"S", "535 5.7.8 Authentication credentials invalid\r\n"},
			{"HANG", ""}});
		SmtpSender sender(options(server, SmtpSenderOptions::AuthPlain));
		try
		{
			sender.connect();
			CPPUNIT_FAIL("logged in");
		}
		catch (const SmtpAuthError& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Mailbox);
			CPPUNIT_ASSERT_EQUAL(535, e.code());
			CPPUNIT_ASSERT(e.displayText().find("credentials invalid") != std::string::npos);
			CPPUNIT_ASSERT(e.displayText().find("secret") == std::string::npos);
		}
		CPPUNIT_ASSERT(!sender.connected());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testAuthLogin()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "AUTH LOGIN"}, {"S", "334 VXNlcm5hbWU6\r\n"},
			{"C", "YWxpY2VAZXhhbXBsZS50ZXN0"}, {"S", "334 UGFzc3dvcmQ6\r\n"},
			{"C", "c2VjcmV0"}, {"S", "235 Ok\r\n"}});
		SmtpSender sender(options(server, SmtpSenderOptions::AuthLogin));
		sender.connect();
		CPPUNIT_ASSERT(sender.connected());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testXOAuth2Refused()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "AUTH XOAUTH2 dXNlcj1hbGljZUBleGFtcGxlLnRlc3QBYXV0aD1CZWFyZXIgdG9rMTIzAQE="},
			{"S", "334 eyJzdGF0dXMiOiI0MDEifQ==\r\n"},
			{"C", ""}, {"S", "535 5.7.8 Username and Password not accepted\r\n"}});
		SmtpSenderOptions o = options(server, SmtpSenderOptions::AuthXOAuth2);
		o.secret = "tok123";
		SmtpSender sender(o);
		CPPUNIT_ASSERT_THROW(sender.connect(), SmtpAuthError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testAuthTemporary454()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{
			{"C", "AUTH PLAIN *"}, {"S", "454 4.7.0 Temporary authentication failure\r\n"}});
		SmtpSender sender(options(server, SmtpSenderOptions::AuthPlain));
		CPPUNIT_ASSERT_THROW(sender.connect(), SmtpTemporaryError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testBannerHang()
	{
		FakeSmtpServer server(FakeSmtpServer::Script{{"HANG", ""}});
		SmtpSenderOptions o = options(server);
		o.commandTimeout = Poco::Timespan(0, 500000);
		SmtpSender sender(o);
		Poco::Timestamp start;
		try
		{
			sender.connect();
			CPPUNIT_FAIL("connected");
		}
		catch (const SmtpNetworkError& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Transient);
		}
		CPPUNIT_ASSERT_MESSAGE(std::to_string(start.elapsed()), start.elapsed() < 3000000);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testBanner421()
	{
		FakeSmtpServer server({{"S", "421 4.3.2 too busy\r\n"}, {"CLOSE", ""}});
		SmtpSender sender(options(server));
		CPPUNIT_ASSERT_THROW(sender.send("a@example.test", {"b@example.test"}, Message), SmtpTemporaryError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testCutInsideMultiLineReply()
	{
		// Poco's own reply reader would loop for ever here.
		FakeSmtpServer server({{"S", Banner}, {"C", "EHLO client.example"}, {"S", "250-fake.example\r\n250-SIZE"}, {"CLOSE", ""}});
		SmtpSender sender(options(server));
		CPPUNIT_ASSERT_THROW(sender.connect(), SmtpNetworkError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testNoStartTls()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{{"HANG", ""}});
		SmtpSenderOptions o = options(server);
		o.security = SmtpSenderOptions::StartTls;
		SmtpSender sender(o);
		try
		{
			sender.connect();
			CPPUNIT_FAIL("connected");
		}
		catch (const SmtpSecurityError& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Mailbox);
		}
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testCutInsteadOfTlsHandshake()
	{
		// A server going away during the handshake is a network failure,
		// not a refused certificate: the mailbox is not stopped for it.
		FakeSmtpServer server({{"S", Banner}, {"C", "EHLO client.example"},
			{"S", "250-fake.example\r\n250 STARTTLS\r\n"}, {"C", "STARTTLS"}, {"S", "220 go ahead\r\n"}, {"CLOSE", ""}});
		SmtpSenderOptions o = options(server);
		o.security = SmtpSenderOptions::StartTls;
		SmtpSender sender(o);
		try
		{
			sender.connect();
			CPPUNIT_FAIL("connected");
		}
		catch (const SmtpNetworkError& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Transient);
		}
		catch (const Poco::Exception& e)
		{
			CPPUNIT_FAIL(e.displayText());
		}
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testNoPasswordInClear()
	{
		FakeSmtpServer server(greeting() + FakeSmtpServer::Script{{"HANG", ""}});
		SmtpSenderOptions o = options(server, SmtpSenderOptions::AuthPlain);
		o.allowInsecure = false;
		SmtpSender sender(o);
		CPPUNIT_ASSERT_THROW(sender.connect(), SmtpSecurityError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), server.received().size()); // EHLO only
	}

	void testBadAddressNeverSent()
	{
		FakeSmtpServer server(FakeSmtpServer::Script{{"CLOSE", ""}});
		SmtpSender sender(options(server));
		CPPUNIT_ASSERT_THROW(sender.send("a@example.test", {"b@example.test>\r\nRCPT TO:<c@example.test"}, Message), SmtpMessageRefused);
		CPPUNIT_ASSERT_THROW(sender.send("a@example.test", {}, Message), SmtpMessageRefused);
		CPPUNIT_ASSERT_THROW(sender.send("a b@example.test", {"b@example.test"}, Message), SmtpMessageRefused);
		CPPUNIT_ASSERT(!sender.connected());
		// nothing connected: release the fake's accept
		SmtpSender wake(options(server));
		CPPUNIT_ASSERT_THROW(wake.connect(), SmtpNetworkError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testOverSizeLimit()
	{
		FakeSmtpServer server({{"S", Banner}, {"C", "EHLO client.example"}, {"S", "250-fake.example\r\n250 SIZE 100\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}});
		SmtpSenderOptions o = options(server);
		o.commandTimeout = Poco::Timespan(0, 500000);
		SmtpSender sender(o);
		CPPUNIT_ASSERT_THROW(sender.send("a@example.test", {"b@example.test"}, std::string(101, 'x')), SmtpMessageRefused);
		CPPUNIT_ASSERT(sender.connected());
		sender.quit();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SmtpSenderTest);
