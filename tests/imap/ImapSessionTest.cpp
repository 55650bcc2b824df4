// Transcript tests of ImapSession against a scripted server on loopback.

#include "FakeServer.h"
#include "connector/imap/ImapSession.h"
#include "connector/imap/protocol/ImapErrors.h"

#include <Poco/Timestamp.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace mailbridge::imap;
using mailbridge::test::FakeServer;

namespace {

struct CollectingHandler: FetchHandler, LiteralSink
{
	std::vector<FetchData> messages;
	std::string body;
	std::uint64_t announced = 0;
	int ended = 0;

	LiteralSink* bodySink(std::uint32_t, std::uint64_t) override { return this; }
	void message(const FetchData& data) override { messages.push_back(data); }
	void begin(std::uint64_t size) override { announced += size; }
	void write(const char* data, std::size_t size) override { body.append(data, size); }
	void end() override { ++ended; }
};

ImapSessionOptions plain(unsigned short port)
{
	ImapSessionOptions o;
	o.port = port;
	o.security = ImapSessionOptions::Plain;
	o.allowInsecure = true;
	o.readTimeout = Poco::Timespan(0, 300000);
	return o;
}

const std::pair<std::string, std::string> greeting{"S", "* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready\r\n"};

} // namespace

class ImapSessionTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ImapSessionTest);
	CPPUNIT_TEST(testBannerHang);
	CPPUNIT_TEST(testNoOnLogin);
	CPPUNIT_TEST(testNoPasswordWithoutTls);
	CPPUNIT_TEST(testFetchStreamsAndShowsUidBelowRange);
	CPPUNIT_TEST(testByeMidCommand);
	CPPUNIT_TEST(testCutMidLiteral);
	CPPUNIT_TEST(testIdle);
	CPPUNIT_TEST(testIdleChangeAfterDone);
	CPPUNIT_TEST(testHeldIdle);
	CPPUNIT_TEST(testGarbledLineInHeldIdle);
	CPPUNIT_TEST(testPartialLineInHeldIdle);
	CPPUNIT_TEST(testByeInHeldIdle);
	CPPUNIT_TEST(testServerEndsHeldIdle);
	CPPUNIT_TEST_SUITE_END();

public:
	void testBannerHang()
	{
		FakeServer server(FakeServer::Script{{"HANG", ""}});
		ImapSession session(plain(server.port()));
		CPPUNIT_ASSERT_THROW(session.connect(), ImapNetworkError);
	}

	void testNoOnLogin()
	{
		FakeServer server({greeting, {"C", "LOGIN alice \"bad pass\""},
			{"S", "L1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"}, {"HANG", ""}});
		ImapSession session(plain(server.port()));
		session.connect();
		CPPUNIT_ASSERT(session.hasCapability("UIDPLUS"));
		try
		{
			session.login("alice", "bad pass");
			CPPUNIT_FAIL("login accepted");
		}
		catch (ImapAuthError& e)
		{
			CPPUNIT_ASSERT(e.displayText().find("AUTHENTICATIONFAILED") != std::string::npos);
			CPPUNIT_ASSERT(mailbridge::classify(e) == mailbridge::FailureKind::Mailbox);
		}
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testNoPasswordWithoutTls()
	{
		FakeServer server({greeting, {"HANG", ""}});
		ImapSessionOptions o = plain(server.port());
		o.allowInsecure = false;
		ImapSession session(o);
		session.connect();
		CPPUNIT_ASSERT_THROW(session.login("alice", "secret"), ImapSecurityError);
		session.logout();
		server.finish();
		for (const std::string& line: server.received())
			CPPUNIT_ASSERT(line.find("secret") == std::string::npos);
	}

	void testFetchStreamsAndShowsUidBelowRange()
	{
		FakeServer server({greeting, {"C", "LOGIN alice pw"}, {"S", "L1 OK [CAPABILITY IMAP4rev1 MOVE] in\r\n"},
			{"C", "SELECT INBOX"},
			{"S", "* 3 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n* OK [UIDNEXT 13] n\r\n"},
			{"S", "A2 OK [READ-WRITE] done\r\n"},
			{"C", "UID FETCH 20:* (UID BODY.PEEK[])"},
			// n:* with n above every UID returns the highest message anyway.
			{"S", "* 3 FETCH (UID 12 BODY[] {11}\r\nHello"}, {"S", " world)\r\n"},
			{"S", "A3 OK done\r\n"}, {"C", "LOGOUT"}, {"S", "* BYE\r\nA4 OK bye\r\n"}});
		ImapSession session(plain(server.port()));
		session.connect();
		session.login("alice", "pw");
		CPPUNIT_ASSERT(session.hasCapability("MOVE"));
		session.select("INBOX");
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), session.mailbox().exists());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(9), session.mailbox().uidValidity());
		CollectingHandler h;
		UidSet want;
		want.add(20, UidSet::STAR);
		session.uidFetch(want, "UID BODY.PEEK[]", h);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), h.messages.size());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(12), h.messages[0].uid);
		CPPUNIT_ASSERT(h.messages[0].uid < 20); // the consumer sees it and can drop it
		CPPUNIT_ASSERT_EQUAL(std::string("Hello world"), h.body);
		CPPUNIT_ASSERT_EQUAL(1, h.ended);
		session.logout();
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testByeMidCommand()
	{
		FakeServer server({greeting, {"C", "LOGIN a b"}, {"S", "L1 OK in\r\n"}, {"C", "CAPABILITY"},
			{"S", "* CAPABILITY IMAP4rev1\r\nA2 OK c\r\n"}, {"C", "NOOP"},
			{"S", "* BYE shutting down\r\n"}, {"CLOSE", ""}});
		ImapSession session(plain(server.port()));
		session.connect();
		session.login("a", "b");
		CPPUNIT_ASSERT_THROW(session.command("NOOP"), ImapNetworkError);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testIdle()
	{
		FakeServer server({greeting, {"C", "IDLE"}, {"S", "+ idling\r\n"}, {"C", "DONE"}, {"S", "A1 OK idle done\r\n"},
			{"C", "IDLE"}, {"S", "+ idling\r\n* 5 EXISTS\r\n"}, {"C", "DONE"}, {"S", "A2 OK idle done\r\n"}});
		ImapSession session(plain(server.port()));
		session.connect();
		Poco::Timestamp start;
		CPPUNIT_ASSERT(!session.idle(Poco::Timespan(0, 200000)));
		CPPUNIT_ASSERT(start.elapsed() >= 200000);
		CPPUNIT_ASSERT(session.idle(Poco::Timespan(10, 0)));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(5), session.mailbox().exists());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testIdleChangeAfterDone()
	{
		// The wait ran out and DONE went out just as mail arrived: the EXISTS
		// comes before the tagged OK, and is still a wake-up.
		FakeServer server({greeting, {"C", "IDLE"}, {"S", "+ idling\r\n"}, {"C", "DONE"},
			{"S", "* 7 EXISTS\r\nA1 OK idle done\r\n"}});
		ImapSession session(plain(server.port()));
		session.connect();
		CPPUNIT_ASSERT(session.idle(Poco::Timespan(0, 100000)));
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(7), session.mailbox().exists());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testHeldIdle()
	{
		// IDLE begun and left alone: looking at it never blocks, and the
		// EXISTS that comes later is read once the socket shows it.
		FakeServer server({greeting, {"C", "IDLE"}, {"S", "+ idling\r\n"}, {"WAIT", "200"}, {"S", "* 4 EXISTS\r\n"},
			{"C", "DONE"}, {"S", "A1 OK idle done\r\n"}});
		ImapSession session(plain(server.port()));
		session.connect();
		CPPUNIT_ASSERT(!session.beginIdle());
		CPPUNIT_ASSERT(session.idling());
		Poco::Timestamp start;
		CPPUNIT_ASSERT(!session.pollIdle());
		CPPUNIT_ASSERT(start.elapsed() < 100000);
		CPPUNIT_ASSERT(session.socket().poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
		CPPUNIT_ASSERT(session.pollIdle());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), session.mailbox().exists());
		CPPUNIT_ASSERT(!session.endIdle());
		CPPUNIT_ASSERT(!session.idling());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testGarbledLineInHeldIdle()
	{
		FakeServer server({greeting, {"C", "IDLE"}, {"S", "+ idling\r\n"}, {"WAIT", "100"},
			{"S", std::string("* 3 EXI\0STS\r\n", 13)}, {"HANG", ""}});
		ImapSession session(plain(server.port()));
		session.connect();
		CPPUNIT_ASSERT(!session.beginIdle());
		CPPUNIT_ASSERT(session.socket().poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
		try
		{
			session.pollIdle();
			CPPUNIT_FAIL("garbled line accepted");
		}
		catch (ImapProtocolError& e)
		{
			CPPUNIT_ASSERT(e.displayText().find("NUL") != std::string::npos);
			CPPUNIT_ASSERT(mailbridge::classify(e) == mailbridge::FailureKind::Transient);
		}
	}

	void testPartialLineInHeldIdle()
	{
		// Half a line: looking at the IDLE takes what is there and returns,
		// it does not wait for the rest (the pool thread waits for several
		// mailboxes). The rest, when it comes, completes the line.
		FakeServer server({greeting, {"C", "IDLE"}, {"S", "+ idling\r\n"}, {"WAIT", "100"},
			{"S", "* 3 EXI"}, {"WAIT", "1500"}, {"S", "STS\r\n"}, {"C", "DONE"}, {"S", "A1 OK idle done\r\n"}});
		ImapSessionOptions options = plain(server.port());
		options.readTimeout = Poco::Timespan(60, 0);
		ImapSession session(options);
		session.connect();
		CPPUNIT_ASSERT(!session.beginIdle());
		CPPUNIT_ASSERT(session.socket().poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
		Poco::Timestamp start;
		CPPUNIT_ASSERT(!session.pollIdle());
		CPPUNIT_ASSERT(start.elapsed() < 1000000);
		CPPUNIT_ASSERT(session.socket().getReceiveTimeout() == Poco::Timespan(60, 0));
		CPPUNIT_ASSERT(session.socket().poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
		CPPUNIT_ASSERT(session.pollIdle());
		CPPUNIT_ASSERT_EQUAL(std::uint32_t(3), session.mailbox().exists());
		CPPUNIT_ASSERT(!session.endIdle());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testByeInHeldIdle()
	{
		FakeServer server({greeting, {"C", "IDLE"}, {"S", "+ idling\r\n"}, {"WAIT", "100"},
			{"S", "* BYE shutting down\r\n"}, {"CLOSE", ""}});
		ImapSession session(plain(server.port()));
		session.connect();
		CPPUNIT_ASSERT(!session.beginIdle());
		CPPUNIT_ASSERT(session.socket().poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
		CPPUNIT_ASSERT_THROW(session.pollIdle(), ImapNetworkError);
	}

	void testServerEndsHeldIdle()
	{
		// A server that ends the IDLE itself: an error, and nothing left to
		// send DONE for, so logging out does not wait for a second reply.
		FakeServer server({greeting, {"C", "IDLE"}, {"S", "+ idling\r\n"}, {"WAIT", "100"},
			{"S", "A1 NO idle timed out\r\n"}, {"C", "LOGOUT"}, {"S", "* BYE bye\r\nA2 OK done\r\n"}});
		ImapSession session(plain(server.port()));
		session.connect();
		CPPUNIT_ASSERT(!session.beginIdle());
		CPPUNIT_ASSERT(session.socket().poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
		CPPUNIT_ASSERT_THROW(session.pollIdle(), ImapCommandError);
		CPPUNIT_ASSERT(!session.idling());
		Poco::Timestamp start;
		session.logout();
		CPPUNIT_ASSERT(start.elapsed() < 1000000);
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}

	void testCutMidLiteral()
	{
		FakeServer server({greeting, {"C", "UID FETCH 1 (BODY.PEEK[])"},
			{"S", "* 1 FETCH (UID 1 BODY[] {100}\r\npartial"}, {"CLOSE", ""}});
		ImapSession session(plain(server.port()));
		session.connect();
		CollectingHandler h;
		UidSet one;
		one.add(1);
		CPPUNIT_ASSERT_THROW(session.uidFetch(one, "BODY.PEEK[]", h), ImapNetworkError);
		CPPUNIT_ASSERT(h.messages.empty());
		CPPUNIT_ASSERT_EQUAL(std::string(), server.finish());
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapSessionTest);
