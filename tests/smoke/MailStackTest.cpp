// The mail half of the stack, driven only with Poco: STARTTLS to Dovecot
// verifying the throwaway CA, and a message submitted with
// SecureSMTPClientSession that must arrive in the recipient's INBOX.

#include "tests/common/TestEnv.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Thread.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <sstream>

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

using mailbridge::test::TestEnv;
using namespace Poco::Net;

namespace {

// Just enough IMAP to prove the server: one line or one tagged reply at a time.
class LineConnection
{
public:
	explicit LineConnection(StreamSocket socket): _socket(socket) {}

	std::string readLine()
	{
		std::string line;
		char c;
		while (true)
		{
			int n = _socket.receiveBytes(&c, 1);
			if (n <= 0) throw Poco::IOException("connection closed after: " + line);
			if (c == '\n') break;
			if (c != '\r') line += c;
		}
		return line;
	}

	// Sends "tag command" and returns every line up to the tagged reply.
	std::string command(const std::string& tag, const std::string& cmd)
	{
		std::string out = tag + " " + cmd + "\r\n";
		_socket.sendBytes(out.data(), static_cast<int>(out.size()));
		std::string all;
		while (true)
		{
			std::string line = readLine();
			all += line + "\n";
			if (line.compare(0, tag.size() + 1, tag + " ") == 0) return all;
		}
	}

	void setSocket(StreamSocket socket) { _socket = socket; }

private:
	StreamSocket _socket;
};

Context::Ptr clientContext(const std::string& caFile)
{
	return new Context(Context::TLS_CLIENT_USE, "", "", caFile, Context::VERIFY_STRICT, 9, false);
}

StreamSocket startTls(const TestEnv& env, const std::string& caFile, LineConnection& conn)
{
	StreamSocket plain(SocketAddress(env.get("MB_IMAP_HOST"), env.getInt("MB_IMAP_PORT")));
	plain.setReceiveTimeout(Poco::Timespan(10, 0));
	conn.setSocket(plain);
	std::string greeting = conn.readLine();
	CPPUNIT_ASSERT_MESSAGE(greeting, greeting.rfind("* OK", 0) == 0);
	std::string reply = conn.command("a1", "STARTTLS");
	CPPUNIT_ASSERT_MESSAGE(reply, reply.find("a1 OK") != std::string::npos);
	SecureStreamSocket tls = SecureStreamSocket::attach(plain, "localhost", clientContext(caFile));
	tls.completeHandshake();
	conn.setSocket(tls);
	return tls;
}

} // namespace

class MailStackTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MailStackTest);
	CPPUNIT_TEST(testImapStartTlsLogin);
	CPPUNIT_TEST(testImapRefusesWrongCa);
	CPPUNIT_TEST(testSubmissionDeliversToInbox);
	CPPUNIT_TEST_SUITE_END();

public:
	void testImapStartTlsLogin()
	{
		const TestEnv& env = TestEnv::instance();
		LineConnection conn{StreamSocket()};
		SecureStreamSocket tls = startTls(env, env.get("MB_CA_FILE"), conn);
		CPPUNIT_ASSERT(tls.havePeerCertificate());
		std::string reply = conn.command("a2", "LOGIN \"" + env.get("MB_USER1") + "\" \"" + env.get("MB_PASS1") + "\"");
		CPPUNIT_ASSERT_MESSAGE(reply, reply.find("a2 OK") != std::string::npos);
		reply = conn.command("a3", "LOGOUT");
		CPPUNIT_ASSERT(reply.find("a3 OK") != std::string::npos);
	}

	void testImapRefusesWrongCa()
	{
		const TestEnv& env = TestEnv::instance();
		LineConnection conn{StreamSocket()};
		CPPUNIT_ASSERT_THROW(startTls(env, env.get("MB_WRONG_CA_FILE"), conn), Poco::Exception);
	}

	void testSubmissionDeliversToInbox()
	{
		const TestEnv& env = TestEnv::instance();
		const std::string token = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();

		MailMessage message;
		message.setSender(env.get("MB_USER1"));
		message.addRecipient(MailRecipient(MailRecipient::PRIMARY_RECIPIENT, env.get("MB_USER3")));
		message.setSubject("smoke " + token);
		message.setContent("The stack is real.\r\n");

		try
		{
		SecureSMTPClientSession smtp(env.get("MB_IMAP_HOST"), static_cast<Poco::UInt16>(env.getInt("MB_SUBMISSION_PORT")));
		smtp.setTimeout(Poco::Timespan(10, 0));
		smtp.login("localhost");
		CPPUNIT_ASSERT(smtp.startTLS(clientContext(env.get("MB_CA_FILE"))));
		smtp.login(SMTPClientSession::AUTH_PLAIN, env.get("MB_USER1"), env.get("MB_PASS1"));
		// Poco 1.11's sendMessage(MailMessage) writes "MAIL FROM: <a>", with a
		// space that Dovecot's submission refuses (RFC 5321 has none), so the
		// envelope goes through sendCommand and the content through sendData.
		std::string response;
		CPPUNIT_ASSERT_EQUAL(250, smtp.sendCommand("MAIL FROM:<" + env.get("MB_USER1") + ">", response));
		CPPUNIT_ASSERT_EQUAL(250, smtp.sendCommand("RCPT TO:<" + env.get("MB_USER3") + ">", response));
		smtp.sendData();
		std::ostringstream content;
		message.write(content);
		std::istringstream in(content.str());
		smtp.sendMessage(in);
		smtp.close();
		}
		catch (const Poco::Exception& exc)
		{
			CPPUNIT_FAIL("submission failed: " + exc.displayText());
		}

		// Delivery is asynchronous (submission -> OpenSMTPD -> LMTP): poll the INBOX.
		LineConnection conn{StreamSocket()};
		startTls(env, env.get("MB_CA_FILE"), conn);
		std::string reply = conn.command("b1", "LOGIN \"" + env.get("MB_USER3") + "\" \"" + env.get("MB_PASS3") + "\"");
		CPPUNIT_ASSERT_MESSAGE(reply, reply.find("b1 OK") != std::string::npos);
		bool found = false;
		for (int i = 0; i < 100 && !found; ++i)
		{
			reply = conn.command("b2", "EXAMINE INBOX");
			CPPUNIT_ASSERT_MESSAGE(reply, reply.find("b2 OK") != std::string::npos);
			reply = conn.command("b3", "UID SEARCH HEADER Subject \"" + token + "\"");
			std::string::size_type pos = reply.find("* SEARCH");
			found = pos != std::string::npos && reply.find_first_of("0123456789", pos) < reply.find('\n', pos);
			if (!found) Poco::Thread::sleep(100);
		}
		CPPUNIT_ASSERT_MESSAGE("submitted message never reached carol's INBOX", found);
		conn.command("b4", "LOGOUT");
	}
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailStackTest);
