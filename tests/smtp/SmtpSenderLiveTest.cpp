// SmtpSender against the stack: Dovecot submission (STARTTLS, AUTH PLAIN)
// relaying to OpenSMTPD, which delivers to Dovecot over LMTP. Arrival is
// checked in the recipient's INBOX over IMAP, by Message-ID.

#include "FakeSmtpServer.h"
#include "tests/common/TestEnv.h"
#include "connector/imap/ImapSession.h"
#include "connector/smtp/SmtpErrors.h"
#include "connector/smtp/SmtpRecipientsRefused.h"
#include "connector/smtp/SmtpSender.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/Net/Context.h>
#include <Poco/NumberParser.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Timestamp.h>
#include <chrono>
#include <ctime>
#include <random>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge;
using namespace mailbridge::smtp;
using mailbridge::test::TestEnv;

namespace {

SmtpSenderOptions submission()
{
	const TestEnv& env = TestEnv::instance();
	SmtpSenderOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(env.getInt("MB_SUBMISSION_PORT"));
	o.security = SmtpSenderOptions::StartTls;
	o.caFile = env.get("MB_CA_FILE");
	o.auth = SmtpSenderOptions::AuthPlain;
	o.user = env.get("MB_USER1");
	o.secret = env.get("MB_PASS1");
	o.ehloName = "mailbridge.example.test";
	o.commandTimeout = Poco::Timespan(30, 0);
	o.dataTimeout = Poco::Timespan(60, 0);
	return o;
}

std::string uniqueId(const std::string& what)
{
	static int n = 0;
	return "<" + what + "." + std::to_string(::getpid()) + "." + std::to_string(std::time(nullptr))
		+ "." + std::to_string(++n) + "@mailbridge.example.test>";
}

std::string sha256(const std::string& bytes)
{
	Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
	engine.update(bytes);
	return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string body(const std::string& message)
{
	std::size_t at = message.find("\r\n\r\n");
	return at == std::string::npos ? std::string() : message.substr(at + 4);
}

struct Collect: imap::FetchHandler, imap::LiteralSink
{
	std::string bytes;
	imap::LiteralSink* bodySink(std::uint32_t, std::uint64_t size) override { bytes.reserve(size); return this; }
	void message(const imap::FetchData&) override {}
	void begin(std::uint64_t) override {}
	void write(const char* p, std::size_t n) override { bytes.append(p, n); }
	void end() override {}
};

std::vector<std::string> fetchByMessageId(const std::string& userKey, const std::string& passKey,
	const std::string& messageId, std::size_t atLeast, int seconds = 30)
	/// The INBOX copies of messageId, waiting up to `seconds` for `atLeast` of them.
{
	const TestEnv& env = TestEnv::instance();
	imap::ImapSessionOptions o;
	o.host = env.get("MB_IMAP_HOST");
	o.port = static_cast<unsigned short>(env.getInt("MB_IMAP_PORT"));
	o.caFile = env.get("MB_CA_FILE");
	imap::ImapSession session(o);
	session.connect();
	session.login(env.get(userKey), env.get(passKey));
	session.select("INBOX", true);
	imap::UidSet found;
	Poco::Timestamp start;
	for (;;)
	{
		found = imap::UidSet();
		session.command("UID SEARCH HEADER Message-ID \"" + messageId + "\"", [&found](const imap::Response& r) {
			if (r.kind == "SEARCH") found = r.uids;
		});
		if (found.count() >= atLeast || start.elapsed() > Poco::Timestamp::TimeDiff(seconds) * 1000000) break;
		std::this_thread::sleep_for(std::chrono::milliseconds(200));
	}
	std::vector<std::string> copies;
	for (std::uint32_t uid: found.expand())
	{
		Collect c;
		imap::UidSet one;
		one.add(uid);
		session.uidFetch(one, "UID BODY.PEEK[]", c);
		copies.push_back(c.bytes);
	}
	session.logout();
	return copies;
}

std::string simpleMessage(const std::string& messageId, const std::string& to)
{
	const TestEnv& env = TestEnv::instance();
	return "From: Alice <" + env.get("MB_USER1") + ">\r\n"
		"To: " + to + "\r\n"
		"Subject: mailbridge live test\r\n"
		"Message-ID: " + messageId + "\r\n"
		"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=us-ascii\r\n"
		"\r\n"
		"first line\r\n"
		".a line that starts with a dot\r\n"
		".\r\n"
		"last line\r\n";
}

} // namespace

class SmtpSenderLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SmtpSenderLiveTest);
	CPPUNIT_TEST(testDeliveredOnce);
	CPPUNIT_TEST(testRefusedRecipientOthersDelivered);
	CPPUNIT_TEST(testEveryRecipientRefusedThenReuse);
	CPPUNIT_TEST(testWrongPassword);
	CPPUNIT_TEST(testWrongCaRefused);
	CPPUNIT_TEST(testWrongCaAllowedWhenInsecure);
	CPPUNIT_TEST(testAuthLogin);
	CPPUNIT_TEST(testImplicitTls);
	CPPUNIT_TEST(testStartTlsDropsInjectedReplies);
	CPPUNIT_TEST(testLargeUtf8MessageIntact);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDeliveredOnce()
	{
		const TestEnv& env = TestEnv::instance();
		std::string id = uniqueId("plain");
		std::string message = simpleMessage(id, env.get("MB_USER2"));
		SmtpSender sender(submission());
		SendResult r = sender.send(env.get("MB_USER1"), {env.get("MB_USER2")}, message);
		CPPUNIT_ASSERT(sender.secure());
		CPPUNIT_ASSERT(r.allAccepted());
		CPPUNIT_ASSERT_EQUAL(250, r.dataCode);
		sender.quit();
		std::vector<std::string> copies = fetchByMessageId("MB_USER2", "MB_PASS2", id, 1);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), copies.size());
		// Dot-stuffing is undone by the server: the body arrives as written.
		CPPUNIT_ASSERT_EQUAL(body(message), body(copies[0]));
	}

	void testRefusedRecipientOthersDelivered()
	{
		// OpenSMTPD refuses a domain it does not serve at RCPT time, and Dovecot
		// submission passes its 550 on. (An unknown user in a served domain is
		// accepted here and only fails later, at LMTP.)
		const TestEnv& env = TestEnv::instance();
		std::string id = uniqueId("partial");
		SmtpSender sender(submission());
		SendResult r = sender.send(env.get("MB_USER1"), {"nobody@example.org", env.get("MB_USER2")},
			simpleMessage(id, env.get("MB_USER2") + ", nobody@example.org"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.recipients.size());
		CPPUNIT_ASSERT(r.recipients[0].status == RecipientOutcome::RefusedPermanently);
		CPPUNIT_ASSERT_EQUAL(550, r.recipients[0].code);
		CPPUNIT_ASSERT_MESSAGE(r.recipients[0].reply, r.recipients[0].reply.find("Invalid recipient") != std::string::npos);
		CPPUNIT_ASSERT(r.recipients[1].status == RecipientOutcome::Accepted);
		CPPUNIT_ASSERT_EQUAL(250, r.dataCode);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), fetchByMessageId("MB_USER2", "MB_PASS2", id, 1).size());
	}

	void testEveryRecipientRefusedThenReuse()
	{
		const TestEnv& env = TestEnv::instance();
		SmtpSender sender(submission());
		try
		{
			sender.send(env.get("MB_USER1"), {"nobody@example.org"}, simpleMessage(uniqueId("none"), "nobody@example.org"));
			CPPUNIT_FAIL("sent");
		}
		catch (const SmtpRecipientsRefused& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Message);
			CPPUNIT_ASSERT_EQUAL(550, e.code());
			CPPUNIT_ASSERT(e.displayText().find("Invalid recipient") != std::string::npos);
		}
		// The session was reset, not dropped, and still sends.
		CPPUNIT_ASSERT(sender.connected());
		std::string id = uniqueId("after-reset");
		SendResult r = sender.send(env.get("MB_USER1"), {env.get("MB_USER3")}, simpleMessage(id, env.get("MB_USER3")));
		CPPUNIT_ASSERT(r.allAccepted());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), fetchByMessageId("MB_USER3", "MB_PASS3", id, 1).size());
	}

	void testWrongPassword()
	{
		SmtpSenderOptions o = submission();
		o.secret = "wrong-password";
		SmtpSender sender(o);
		try
		{
			sender.connect();
			CPPUNIT_FAIL("logged in");
		}
		catch (const SmtpAuthError& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Mailbox);
			CPPUNIT_ASSERT_EQUAL(535, e.code());
		}
		CPPUNIT_ASSERT(!sender.connected());
	}

	void testWrongCaRefused()
	{
		SmtpSenderOptions o = submission();
		o.caFile = TestEnv::instance().get("MB_WRONG_CA_FILE");
		SmtpSender sender(o);
		try
		{
			sender.connect();
			CPPUNIT_FAIL("connected");
		}
		catch (const SmtpSecurityError& e)
		{
			CPPUNIT_ASSERT(classify(e) == FailureKind::Mailbox);
			CPPUNIT_ASSERT_MESSAGE(e.displayText(), e.displayText().find("certificate verify failed") != std::string::npos);
		}
		CPPUNIT_ASSERT(!sender.connected());
	}

	void testWrongCaAllowedWhenInsecure()
	{
		// Only an explicit setting skips the check (and says so in the log).
		SmtpSenderOptions o = submission();
		o.caFile = TestEnv::instance().get("MB_WRONG_CA_FILE");
		o.allowInsecure = true;
		SmtpSender sender(o);
		sender.connect();
		CPPUNIT_ASSERT(sender.secure());
		sender.quit();
	}

	void testAuthLogin()
	{
		SmtpSenderOptions o = submission();
		o.auth = SmtpSenderOptions::AuthLogin;
		SmtpSender sender(o);
		sender.connect();
		CPPUNIT_ASSERT(sender.authMechanisms().count("LOGIN") == 1);
		o.secret = "wrong";
		SmtpSender wrong(o);
		CPPUNIT_ASSERT_THROW(wrong.connect(), SmtpAuthError);
	}

	static Poco::Net::Context::Ptr serverContext()
	{
		// The stack's server certificate, for scripted servers that speak TLS.
		std::string dir = TestEnv::instance().get("MB_STACK_DIR") + "/certs/";
		return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, dir + "server.key", dir + "server.crt", "",
			Poco::Net::Context::VERIFY_NONE);
	}

	static SmtpSenderOptions scripted(const mailbridge::test::FakeSmtpServer& server, SmtpSenderOptions::Security security)
	{
		SmtpSenderOptions o = submission();
		o.port = server.port();
		o.security = security;
		o.ehloName = "client.example";
		o.commandTimeout = Poco::Timespan(5, 0);
		return o;
	}

	void testImplicitTls()
	{
		using mailbridge::test::FakeSmtpServer;
		FakeSmtpServer server({
			{"S", "220 tls.example ESMTP\r\n"}, {"C", "EHLO client.example"},
			{"S", "250-tls.example\r\n250 AUTH PLAIN\r\n"},
			{"C", "AUTH PLAIN *"}, {"S", "235 2.7.0 Ok\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}}, serverContext(), true);
		SmtpSender sender(scripted(server, SmtpSenderOptions::ImplicitTls));
		sender.connect();
		CPPUNIT_ASSERT(sender.secure());
		sender.quit();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());

		// and the same server with a CA that did not sign it
		FakeSmtpServer refusing({{"HANG", ""}}, serverContext(), true);
		SmtpSenderOptions o = scripted(refusing, SmtpSenderOptions::ImplicitTls);
		o.caFile = TestEnv::instance().get("MB_WRONG_CA_FILE");
		SmtpSender wrong(o);
		CPPUNIT_ASSERT_THROW(wrong.connect(), SmtpSecurityError);
		refusing.finish();
	}

	void testStartTlsDropsInjectedReplies()
	{
		// Replies that arrive in clear together with the 220 to STARTTLS must
		// not be read as answers to commands sent over TLS.
		using mailbridge::test::FakeSmtpServer;
		FakeSmtpServer server({
			{"S", "220 plain.example ESMTP\r\n"}, {"C", "EHLO client.example"},
			{"S", "250-plain.example\r\n250 STARTTLS\r\n"},
			{"C", "STARTTLS"}, {"S", "220 go ahead\r\n250-plain.example\r\n250 INJECTED\r\n"}, {"TLS", ""},
			{"C", "EHLO client.example"}, {"S", "250-plain.example\r\n250 AUTH PLAIN\r\n"},
			{"C", "AUTH PLAIN *"}, {"S", "235 2.7.0 Ok\r\n"},
			{"C", "QUIT"}, {"S", "221 bye\r\n"}}, serverContext());
		SmtpSender sender(scripted(server, SmtpSenderOptions::StartTls));
		sender.connect();
		CPPUNIT_ASSERT(sender.secure());
		CPPUNIT_ASSERT(!sender.hasExtension("INJECTED"));
		CPPUNIT_ASSERT(!sender.hasExtension("STARTTLS"));
		CPPUNIT_ASSERT(sender.hasExtension("AUTH"));
		sender.quit();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testLargeUtf8MessageIntact()
	{
		const TestEnv& env = TestEnv::instance();
		std::mt19937 random(42);
		std::string attachment(10 * 1024 * 1024, '\0');
		for (auto& c: attachment) c = static_cast<char>(random() & 0xff);
		std::ostringstream encoded;
		{
			Poco::Base64Encoder encoder(encoded);
			encoder.rdbuf()->setLineLength(76);
			encoder << attachment;
			encoder.close();
		}
		std::string base64 = encoded.str();
		std::string crlf;
		crlf.reserve(base64.size() + base64.size() / 38);
		for (char c: base64) { if (c == '\r') continue; if (c == '\n') crlf += '\r'; crlf += c; }

		std::string id = uniqueId("big");
		const std::string subject = "R\xC3\xA9sum\xC3\xA9 f\xC3\xBCr Zo\xC3\xAB \xE2\x80\x94 \xE5\xB1\xA5\xE6\xAD\xB4\xE6\x9B\xB8";
		std::string message =
			"From: =?UTF-8?Q?Am=C3=A9lie_Rou=C3=9Fel?= <" + env.get("MB_USER1") + ">\r\n"
			"To: \xC3\x89lodie <" + env.get("MB_USER2") + ">\r\n"
			"Subject: " + subject + "\r\n"
			"Message-ID: " + id + "\r\n"
			"MIME-Version: 1.0\r\n"
			"Content-Type: multipart/mixed; boundary=\"b0undary\"\r\n"
			"\r\n"
			"--b0undary\r\n"
			"Content-Type: text/plain; charset=utf-8\r\n"
			"Content-Transfer-Encoding: 8bit\r\n"
			"\r\n"
			"Gr\xC3\xBC\xC3\x9F" "e, \xE4\xBD\xA0\xE5\xA5\xBD\r\n"
			".\r\n"
			"--b0undary\r\n"
			"Content-Type: application/octet-stream; name=\"cv.bin\"\r\n"
			"Content-Transfer-Encoding: base64\r\n"
			"\r\n" + crlf + "\r\n"
			"--b0undary--\r\n";
		SmtpSender sender(submission());
		Poco::Timestamp start;
		SendResult r = sender.send(env.get("MB_USER1"), {env.get("MB_USER2")}, message);
		Poco::Timestamp::TimeDiff took = start.elapsed();
		CPPUNIT_ASSERT(r.allAccepted());
		sender.quit();
		std::vector<std::string> copies = fetchByMessageId("MB_USER2", "MB_PASS2", id, 1, 60);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), copies.size());
		const std::string& got = copies[0];
		CPPUNIT_ASSERT(got.find("Subject: " + subject + "\r\n") != std::string::npos);
		CPPUNIT_ASSERT(got.find("To: \xC3\x89lodie <") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(sha256(body(message)), sha256(body(got)));
		// and the attachment decodes to the same bytes
		std::size_t from = got.find("base64\r\n\r\n");
		std::size_t to = got.find("\r\n--b0undary--");
		CPPUNIT_ASSERT(from != std::string::npos && to != std::string::npos);
		std::istringstream in(got.substr(from + 10, to - from - 10));
		Poco::Base64Decoder decoder(in);
		std::string decoded((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
		CPPUNIT_ASSERT_EQUAL(sha256(attachment), sha256(decoded));
		std::cerr << " [" << message.size() << " bytes sent in " << took / 1000 << " ms] ";
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(SmtpSenderLiveTest);
