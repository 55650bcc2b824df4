#include "tests/common/MailDrop.h"
#include "tests/common/TestEnv.h"

#include <Poco/Exception.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <sstream>

namespace mailbridge {
namespace test {

namespace {

class Line
{
public:
	explicit Line(Poco::Net::StreamSocket& s): _s(s) {}

	void send(const std::string& text)
	{
		_s.sendBytes(text.data(), static_cast<int>(text.size()));
	}

	void expect(char klass, const std::string& step)
	{
		// A reply ends with a line whose code is followed by a space.
		for (;;)
		{
			const std::size_t eol = _buf.find("\r\n");
			if (eol != std::string::npos)
			{
				const std::string line = _buf.substr(0, eol);
				_buf.erase(0, eol + 2);
				if (line.size() >= 4 && line[3] == '-') continue;
				if (line.empty() || line[0] != klass)
					throw Poco::IOException("LMTP " + step + " refused", line);
				return;
			}
			char chunk[1024];
			const int n = _s.receiveBytes(chunk, sizeof(chunk));
			if (n <= 0) throw Poco::IOException("LMTP connection closed during " + step);
			_buf.append(chunk, static_cast<std::size_t>(n));
		}
	}

private:
	Poco::Net::StreamSocket& _s;
	std::string _buf;
};

std::string dotStuffed(const std::string& message)
{
	std::string out;
	out.reserve(message.size() + 64);
	bool lineStart = true;
	for (std::size_t i = 0; i < message.size(); ++i)
	{
		const char c = message[i];
		if (lineStart && c == '.') out += '.';
		if (c == '\n' && (i == 0 || message[i - 1] != '\r')) out += '\r';
		out += c;
		lineStart = c == '\n';
	}
	if (!lineStart) out += "\r\n";
	return out;
}

} // namespace

void MailDrop::lmtp(const std::string& recipient, const std::string& message)
{
	const TestEnv& env = TestEnv::instance();
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(env.get("MB_IMAP_HOST"),
		static_cast<Poco::UInt16>(env.getInt("MB_LMTP_PORT"))));
	socket.setReceiveTimeout(Poco::Timespan(10, 0));
	Line lmtp(socket);
	lmtp.expect('2', "greeting");
	lmtp.send("LHLO tests.mailbridge\r\n");
	lmtp.expect('2', "LHLO");
	lmtp.send("MAIL FROM:<>\r\n");
	lmtp.expect('2', "MAIL FROM");
	lmtp.send("RCPT TO:<" + recipient + ">\r\n");
	lmtp.expect('2', "RCPT TO");
	lmtp.send("DATA\r\n");
	lmtp.expect('3', "DATA");
	lmtp.send(dotStuffed(message) + ".\r\n");
	lmtp.expect('2', "delivery to " + recipient);
	lmtp.send("QUIT\r\n");
}

void MailDrop::smtp(const std::string& recipient, const std::string& message)
{
	const TestEnv& env = TestEnv::instance();
	Poco::Net::SMTPClientSession session(env.get("MB_IMAP_HOST"), static_cast<Poco::UInt16>(env.getInt("MB_SMTP_PORT")));
	session.setTimeout(Poco::Timespan(10, 0));
	session.login("tests.mailbridge");
	session.sendAddresses("sender@outside.example", {recipient});
	session.sendData();
	std::istringstream body(message);
	session.sendMessage(body);  // Poco's stream stuffs dots and ends the data
	session.close();
}

} } // namespace mailbridge::test
