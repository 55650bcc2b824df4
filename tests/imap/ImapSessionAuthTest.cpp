// Transcript tests of ImapSession's login: SASL mechanisms, LOGINDISABLED,
// OAuth errors, timeouts, and a protocol trace that never shows a secret.

#include "FakeServer.h"
#include "connector/imap/ImapSession.h"
#include "connector/imap/protocol/ImapErrors.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Timestamp.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>

using namespace mailbridge::imap;
using mailbridge::test::FakeServer;

namespace {

ImapSessionOptions plainOptions(unsigned short port)
{
	ImapSessionOptions o;
	o.port = port;
	o.security = ImapSessionOptions::Plain;
	o.allowInsecure = true;
	o.readTimeout = Poco::Timespan(0, 300000);
	return o;
}

std::pair<std::string, std::string> greet(const std::string& caps)
{
	return {"S", "* OK [CAPABILITY IMAP4rev1 " + caps + "] ready\r\n"};
}

std::string decode64(const std::string& text)
{
	std::istringstream in(text);
	Poco::Base64Decoder d(in);
	std::string out((std::istreambuf_iterator<char>(d)), std::istreambuf_iterator<char>());
	return out;
}

Credentials creds(Credentials::Mechanism m, const std::string& user, const std::string& secret)
{
	Credentials c;
	c.mechanism = m;
	c.user = user;
	c.secret = secret;
	return c;
}

const std::string googleError = "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}";

} // namespace

class ImapSessionAuthTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ImapSessionAuthTest);
	CPPUNIT_TEST(testPlainWithSaslIr);
	CPPUNIT_TEST(testPlainWithoutSaslIr);
	CPPUNIT_TEST(testAutoFallsBackToLogin);
	CPPUNIT_TEST(testLoginDisabled);
	CPPUNIT_TEST(testMechanismNotOffered);
	CPPUNIT_TEST(testXOAuth2FailureCarriesJson);
	CPPUNIT_TEST(testOAuthBearerSuccess);
	CPPUNIT_TEST(testOAuthBearerFailureRepliesDummy);
	CPPUNIT_TEST(testGreetingTimeout);
	CPPUNIT_TEST(testLoginTimeout);
	CPPUNIT_TEST(testTraceMasksPasswordAndLiterals);
	CPPUNIT_TEST(testTraceMasksSaslContinuation);
	CPPUNIT_TEST_SUITE_END();

public:
	void testPlainWithSaslIr()
	{
		FakeServer server({greet("SASL-IR AUTH=PLAIN"), {"C", "L1 AUTHENTICATE PLAIN AGFsaWNlAHB3"},
			{"S", "L1 OK [CAPABILITY IMAP4rev1 MOVE] Logged in\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		session.login("alice", "pw"); // Auto
		CPPUNIT_ASSERT(session.hasCapability("MOVE"));
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), server.received().size());
	}

	void testPlainWithoutSaslIr()
	{
		FakeServer server({greet("AUTH=PLAIN"), {"C", "L1 AUTHENTICATE PLAIN"}, {"S", "+ \r\n"},
			{"C", "AGFsaWNlAHB3"}, {"S", "L1 OK Logged in\r\n"},
			{"C", "A2 CAPABILITY"}, {"S", "* CAPABILITY IMAP4rev1 IDLE\r\nA2 OK done\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		session.login(creds(Credentials::Plain, "alice", "pw"));
		CPPUNIT_ASSERT(session.hasCapability("IDLE"));
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(std::string("AGFsaWNlAHB3"), server.received().at(1));
	}

	void testAutoFallsBackToLogin()
	{
		FakeServer server({greet("AUTH=CRAM-MD5"), {"C", "L1 LOGIN alice pw"},
			{"S", "L1 OK [CAPABILITY IMAP4rev1] in\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		session.login(creds(Credentials::Auto, "alice", "pw"));
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testLoginDisabled()
	{
		FakeServer server({greet("LOGINDISABLED"), {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		CPPUNIT_ASSERT_THROW(session.login("alice", "pw"), ImapUnsupportedError);
		CPPUNIT_ASSERT_THROW(session.login(creds(Credentials::Login, "alice", "pw")), ImapUnsupportedError);
		session.logout();
		server.finish();
		for (const std::string& line: server.received())
			CPPUNIT_ASSERT(line.find("pw") == std::string::npos);
	}

	void testMechanismNotOffered()
	{
		FakeServer server({greet("AUTH=PLAIN SASL-IR"), {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		try
		{
			session.login(creds(Credentials::XOAuth2, "alice", "tok"));
			CPPUNIT_FAIL("XOAUTH2 sent without AUTH=XOAUTH2");
		}
		catch (ImapUnsupportedError& e)
		{
			CPPUNIT_ASSERT(mailbridge::classify(e) == mailbridge::FailureKind::Mailbox);
		}
		session.logout();
		server.finish();
		for (const std::string& line: server.received())
			CPPUNIT_ASSERT(line.find("AUTHENTICATE") == std::string::npos);
	}

	void testXOAuth2FailureCarriesJson()
	{
		// Gmail: the error comes as a base64 JSON challenge, the client
		// answers with an empty line, then the tagged NO.
		FakeServer server({greet("AUTH=XOAUTH2 SASL-IR"),
			{"C", "L1 AUTHENTICATE XOAUTH2 dXNlcj1hbGljZUBnbWFpbC5jb20BYXV0aD1CZWFyZXIgeWEyOS50b2sBAQ=="},
			{"S", "+ eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==\r\n"},
			{"C", ""}, {"S", "L1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		try
		{
			session.login(creds(Credentials::XOAuth2, "alice@gmail.com", "ya29.tok"));
			CPPUNIT_FAIL("token accepted");
		}
		catch (ImapOAuthError& e)
		{
			CPPUNIT_ASSERT_EQUAL(googleError, e.json());
			CPPUNIT_ASSERT(e.displayText().find("AUTHENTICATIONFAILED") != std::string::npos);
			CPPUNIT_ASSERT(mailbridge::classify(e) == mailbridge::FailureKind::Mailbox);
		}
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT_EQUAL(std::string(""), server.received().at(1));
	}

	void testOAuthBearerSuccess()
	{
		FakeServer server({greet("AUTH=OAUTHBEARER SASL-IR"), {"C", ""},
			{"S", "L1 OK [CAPABILITY IMAP4rev1 IDLE] Success\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		session.login(creds(Credentials::OAuthBearer, "user,x=y@example.com", "vF9dft4qmT"));
		CPPUNIT_ASSERT(session.hasCapability("IDLE"));
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		const std::string& line = server.received().at(0);
		const std::string prefix = "L1 AUTHENTICATE OAUTHBEARER ";
		CPPUNIT_ASSERT_EQUAL(prefix, line.substr(0, prefix.size()));
		// RFC 7628 section 4.1, with the user's ',' and '=' escaped (RFC 5801).
		std::string expected = "n,a=user=2Cx=3Dy@example.com,\x01host=127.0.0.1\x01port=" + std::to_string(server.port())
			+ "\x01" "auth=Bearer vF9dft4qmT\x01\x01";
		CPPUNIT_ASSERT_EQUAL(expected, decode64(line.substr(prefix.size())));
	}

	void testOAuthBearerFailureRepliesDummy()
	{
		FakeServer server({greet("AUTH=OAUTHBEARER"), {"C", "L1 AUTHENTICATE OAUTHBEARER"}, {"S", "+ \r\n"},
			{"C", ""}, {"S", "+ eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=\r\n"}, {"C", "AQ=="},
			{"S", "L1 NO SASL authentication failed\r\n"}, {"HANG", ""}});
		ImapSession session(plainOptions(server.port()));
		session.connect();
		try
		{
			session.login(creds(Credentials::OAuthBearer, "alice", "tok"));
			CPPUNIT_FAIL("token accepted");
		}
		catch (ImapOAuthError& e)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("{\"status\":\"invalid_token\"}"), e.json());
		}
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testGreetingTimeout()
	{
		FakeServer server(FakeServer::Script{{"HANG", ""}});
		ImapSessionOptions o = plainOptions(server.port());
		o.readTimeout = Poco::Timespan(10, 0);
		o.greetingTimeout = Poco::Timespan(0, 200000);
		ImapSession session(o);
		Poco::Timestamp start;
		CPPUNIT_ASSERT_THROW(session.connect(), ImapTimeoutError);
		CPPUNIT_ASSERT(start.elapsed() < 3000000);
	}

	void testLoginTimeout()
	{
		FakeServer server({greet("AUTH=PLAIN SASL-IR"), {"C", "AUTHENTICATE PLAIN AGFsaWNlAHB3"}, {"HANG", ""}});
		ImapSessionOptions o = plainOptions(server.port());
		o.readTimeout = Poco::Timespan(10, 0);
		o.loginTimeout = Poco::Timespan(0, 200000);
		ImapSession session(o);
		session.connect();
		Poco::Timestamp start;
		try
		{
			session.login("alice", "pw");
			CPPUNIT_FAIL("login did not time out");
		}
		catch (ImapTimeoutError& e)
		{
			CPPUNIT_ASSERT(mailbridge::classify(e) == mailbridge::FailureKind::Transient);
		}
		CPPUNIT_ASSERT(start.elapsed() < 3000000);
	}

	void testTraceMasksPasswordAndLiterals()
	{
		FakeServer server({greet("UIDPLUS"), {"C", "L1 LOGIN alice \"s3cret pw\""},
			{"S", "L1 OK [CAPABILITY IMAP4rev1] in\r\n"},
			{"C", "A2 UID FETCH 1 (UID BODY.PEEK[])"}, {"S", "* 1 FETCH (UID 1 BODY[] {11}\r\nHello world)\r\nA2 OK done\r\n"},
			{"HANG", ""}});
		std::vector<std::pair<TraceDirection, std::string>> trace;
		ImapSessionOptions o = plainOptions(server.port());
		o.trace = [&trace](TraceDirection d, const std::string& line) { trace.emplace_back(d, line); };
		ImapSession session(o);
		session.connect();
		session.login("alice", "s3cret pw");
		struct Handler: FetchHandler
		{
			LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return nullptr; }
			void message(const FetchData&) override {}
		} h;
		UidSet one;
		one.add(1);
		session.uidFetch(one, "UID BODY.PEEK[]", h);
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		bool sawLogin = false, sawLiteral = false, sawWarning = false;
		for (const auto& t: trace)
		{
			CPPUNIT_ASSERT_MESSAGE(t.second, t.second.find("s3cret") == std::string::npos);
			CPPUNIT_ASSERT_MESSAGE(t.second, t.second.find("Hello") == std::string::npos);
			if (t.first == TraceDirection::Sent && t.second == "L1 LOGIN alice ***") sawLogin = true;
			if (t.first == TraceDirection::Received && t.second == "* 1 FETCH (UID 1 BODY[] {11 bytes})") sawLiteral = true;
			if (t.first == TraceDirection::Note && t.second.find("without TLS") != std::string::npos) sawWarning = true;
		}
		CPPUNIT_ASSERT(sawLogin);
		CPPUNIT_ASSERT(sawLiteral);
		CPPUNIT_ASSERT(sawWarning);
	}

	void testTraceMasksSaslContinuation()
	{
		FakeServer server({greet("AUTH=PLAIN"), {"C", "L1 AUTHENTICATE PLAIN"}, {"S", "+ \r\n"},
			{"C", "AGFsaWNlAHB3"}, {"S", "L1 OK [CAPABILITY IMAP4rev1] in\r\n"}, {"HANG", ""}});
		std::vector<std::string> sent;
		ImapSessionOptions o = plainOptions(server.port());
		o.trace = [&sent](TraceDirection d, const std::string& line) { if (d == TraceDirection::Sent) sent.push_back(line); };
		ImapSession session(o);
		session.connect();
		session.login("alice", "pw");
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
		CPPUNIT_ASSERT(sent.size() >= 2);
		CPPUNIT_ASSERT_EQUAL(std::string("L1 AUTHENTICATE PLAIN"), sent[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("***"), sent[1]);
		for (const std::string& line: sent) CPPUNIT_ASSERT(line.find("AGFsaWNl") == std::string::npos);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapSessionAuthTest);
