// ImapSession against the stack's Dovecot: TLS both ways, CA checks, logins.

#include "tests/common/TestEnv.h"
#include "connector/imap/ImapSession.h"
#include "connector/imap/protocol/CommandFormatter.h"
#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ModifiedUtf7.h"

#include <Poco/NumberParser.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timestamp.h>
#include <chrono>
#include <ctime>
#include <thread>
#include <unistd.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::imap;
using mailbridge::test::TestEnv;

class ImapSessionLiveTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ImapSessionLiveTest);
	CPPUNIT_TEST(testStartTlsLogin);
	CPPUNIT_TEST(testImplicitTls);
	CPPUNIT_TEST(testWrongCaRefused);
	CPPUNIT_TEST(testWrongPassword);
	CPPUNIT_TEST(testAppendThenFetch);
	CPPUNIT_TEST(testIdleWokenByDelivery);
	CPPUNIT_TEST_SUITE_END();

public:
	static ImapSessionOptions options(ImapSessionOptions::Security security)
	{
		const TestEnv& env = TestEnv::instance();
		ImapSessionOptions o;
		o.host = env.get("MB_IMAP_HOST");
		o.security = security;
		o.port = static_cast<unsigned short>(Poco::NumberParser::parse(
			env.get(security == ImapSessionOptions::ImplicitTls ? "MB_IMAPS_PORT" : "MB_IMAP_PORT")));
		o.caFile = env.get("MB_CA_FILE");
		return o;
	}

	void testStartTlsLogin()
	{
		const TestEnv& env = TestEnv::instance();
		ImapSession session(options(ImapSessionOptions::StartTls));
		session.connect();
		CPPUNIT_ASSERT(session.secure());
		session.login(env.get("MB_USER1"), env.get("MB_PASS1"));
		CPPUNIT_ASSERT(session.hasCapability("CONDSTORE"));
		session.select("INBOX");
		CPPUNIT_ASSERT(session.mailbox().uidValidity() != 0);
		CPPUNIT_ASSERT(session.mailbox().uidNext() != 0);
		session.logout();
	}

	void testImplicitTls()
	{
		const TestEnv& env = TestEnv::instance();
		ImapSession session(options(ImapSessionOptions::ImplicitTls));
		session.connect();
		CPPUNIT_ASSERT(session.secure());
		session.login(env.get("MB_USER2"), env.get("MB_PASS2"));
		session.command("NOOP");
		session.logout();
	}

	void testWrongCaRefused()
	{
		ImapSessionOptions o = options(ImapSessionOptions::ImplicitTls);
		o.caFile = TestEnv::instance().get("MB_WRONG_CA_FILE");
		ImapSession implicit(o);
		CPPUNIT_ASSERT_THROW(implicit.connect(), ImapSecurityError);
		ImapSessionOptions s = options(ImapSessionOptions::StartTls);
		s.caFile = o.caFile;
		ImapSession starttls(s);
		CPPUNIT_ASSERT_THROW(starttls.connect(), ImapSecurityError);
	}

	struct Sink: FetchHandler, LiteralSink
	{
		std::string body;
		std::vector<std::uint32_t> uids;
		LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return this; }
		void message(const FetchData& d) override { uids.push_back(d.uid); }
		void begin(std::uint64_t) override {}
		void write(const char* p, std::size_t n) override { body.append(p, n); }
		void end() override {}
	};

	void testAppendThenFetch()
	{
		const TestEnv& env = TestEnv::instance();
		ImapSession session(options(ImapSessionOptions::StartTls));
		session.connect();
		session.login(env.get("MB_USER1"), env.get("MB_PASS1"));
		std::string folder = "Append-" + std::to_string(::getpid()) + "-" + std::to_string(std::time(nullptr)) + "-\xC3\xA9t\xC3\xA9";
		CommandFormatter create("x", "x");
		session.command("CREATE " + create.astring(encodeMailboxName(folder)).trace().substr(4));
		std::string message = "From: a@example.test\r\nSubject: hi\r\n\r\nbody line\r\n";
		Response r = session.append(folder, "(\\Seen)", message);
		CPPUNIT_ASSERT_EQUAL(std::string("APPENDUID"), r.code.name);
		std::uint32_t uid = r.code.uids.ranges().at(0).first;
		session.select(folder);
		CPPUNIT_ASSERT_EQUAL(r.code.number, session.mailbox().uidValidity());
		Sink sink;
		UidSet one;
		one.add(uid);
		session.uidFetch(one, "UID FLAGS BODY.PEEK[]", sink);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), sink.uids.size());
		CPPUNIT_ASSERT_EQUAL(uid, sink.uids[0]);
		CPPUNIT_ASSERT_EQUAL(message, sink.body);
		session.logout();
	}

	static void lmtpDeliver(const std::string& rcpt)
	{
		const TestEnv& env = TestEnv::instance();
		Poco::Net::StreamSocket s(Poco::Net::SocketAddress(env.get("MB_IMAP_HOST"),
			static_cast<unsigned short>(Poco::NumberParser::parse(env.get("MB_LMTP_PORT")))));
		s.setReceiveTimeout(Poco::Timespan(5, 0));
		auto expect = [&s](const char* code) {
			std::string got;
			char buf[1024];
			// read until a final reply line (code followed by a space)
			while (got.find(std::string("\r\n") + code + " ") == std::string::npos && got.rfind(std::string(code) + " ", 0) != 0)
			{
				int n = s.receiveBytes(buf, sizeof(buf));
				if (n <= 0) break;
				got.append(buf, std::size_t(n));
			}
			CPPUNIT_ASSERT_MESSAGE(got, got.find(code) != std::string::npos);
		};
		auto say = [&s](const std::string& line) { s.sendBytes(line.data(), int(line.size())); };
		expect("220");
		say("LHLO test\r\n"); expect("250");
		say("MAIL FROM:<x@example.test>\r\n"); expect("250");
		say("RCPT TO:<" + rcpt + ">\r\n"); expect("250");
		say("DATA\r\n"); expect("354");
		say("Subject: idle\r\n\r\nwake up\r\n.\r\n"); expect("250");
		say("QUIT\r\n");
	}

	void testIdleWokenByDelivery()
	{
		const TestEnv& env = TestEnv::instance();
		ImapSession session(options(ImapSessionOptions::StartTls));
		session.connect();
		session.login(env.get("MB_USER3"), env.get("MB_PASS3"));
		session.select("INBOX");
		std::uint32_t before = session.mailbox().exists();
		std::thread deliver([&env] {
			std::this_thread::sleep_for(std::chrono::milliseconds(300));
			lmtpDeliver(env.get("MB_USER3"));
		});
		Poco::Timestamp start;
		bool woken = session.idle(Poco::Timespan(20, 0));
		Poco::Timestamp::TimeDiff took = start.elapsed();
		deliver.join();
		CPPUNIT_ASSERT(woken);
		CPPUNIT_ASSERT(session.mailbox().exists() > before);
		CPPUNIT_ASSERT_MESSAGE(std::to_string(took), took < 1300000); // 300 ms delay + under a second
		session.logout();
	}

	void testWrongPassword()
	{
		const TestEnv& env = TestEnv::instance();
		ImapSession session(options(ImapSessionOptions::StartTls));
		session.connect();
		CPPUNIT_ASSERT_THROW(session.login(env.get("MB_USER1"), "wrong-password"), ImapAuthError);
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapSessionLiveTest);
