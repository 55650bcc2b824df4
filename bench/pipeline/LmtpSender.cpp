//
// LmtpSender.cpp
//

#include "bench/pipeline/LmtpSender.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <stdexcept>

namespace mailbridge {
namespace bench {

namespace {

void expect(Poco::Net::StreamSocket& socket, std::string& buffer, char klass, const std::string& step)
{
	// A reply ends with a line whose code is followed by a space.
	for (;;)
	{
		const std::size_t eol = buffer.find("\r\n");
		if (eol != std::string::npos)
		{
			const std::string line = buffer.substr(0, eol);
			buffer.erase(0, eol + 2);
			if (line.size() >= 4 && line[3] == '-') continue;
			if (line.empty() || line[0] != klass) throw std::runtime_error("LMTP " + step + " refused: " + line);
			return;
		}
		char chunk[1024];
		const int n = socket.receiveBytes(chunk, sizeof(chunk));
		if (n <= 0) throw std::runtime_error("LMTP connection closed during " + step);
		buffer.append(chunk, static_cast<std::size_t>(n));
	}
}

void send(Poco::Net::StreamSocket& socket, const std::string& text)
{
	socket.sendBytes(text.data(), static_cast<int>(text.size()));
}

std::string dotStuffed(const std::string& message)
{
	std::string out;
	out.reserve(message.size() + 16);
	bool lineStart = true;
	for (char c: message)
	{
		if (lineStart && c == '.') out += '.';
		out += c;
		lineStart = c == '\n';
	}
	if (!lineStart) out += "\r\n";
	return out;
}

} // namespace

LmtpSender::LmtpSender(const std::string& host, unsigned short port):
	_host(host),
	_port(port)
{
}

void LmtpSender::deliver(const std::string& recipient, const std::string& message)
{
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(_host, _port));
	socket.setNoDelay(true);
	socket.setReceiveTimeout(Poco::Timespan(10, 0));
	std::string buffer;
	expect(socket, buffer, '2', "greeting");
	send(socket, "LHLO bench.mailbridge\r\n");
	expect(socket, buffer, '2', "LHLO");
	send(socket, "MAIL FROM:<>\r\n");
	expect(socket, buffer, '2', "MAIL FROM");
	send(socket, "RCPT TO:<" + recipient + ">\r\n");
	expect(socket, buffer, '2', "RCPT TO");
	send(socket, "DATA\r\n");
	expect(socket, buffer, '3', "DATA");
	send(socket, dotStuffed(message) + ".\r\n");
	expect(socket, buffer, '2', "delivery to " + recipient);
	send(socket, "QUIT\r\n");
}

} } // namespace mailbridge::bench
