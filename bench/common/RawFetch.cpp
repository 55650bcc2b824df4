//
// RawFetch.cpp
//

#include "bench/common/RawFetch.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace mailbridge {
namespace bench {

Figure rawFetch(const RawLogin& login, std::uint64_t messages, const std::vector<std::string>& commands, std::size_t maxInFlight)
{
	Poco::Net::StreamSocket raw(Poco::Net::SocketAddress(login.host, login.port));
	raw.setNoDelay(true);
	std::string cmds = "a LOGIN \"" + login.user + "\" \"" + login.password + "\"\r\nb SELECT \"" + login.folder + "\"\r\n";
	raw.sendBytes(cmds.data(), int(cmds.size()));
	std::string acc;
	char buf[65536];
	while (acc.find("\r\nb OK") == std::string::npos)
	{
		if (acc.find("\r\nb NO") != std::string::npos || acc.find("\r\na NO") != std::string::npos)
			throw std::runtime_error("raw: LOGIN or SELECT refused: " + acc.substr(0, 400));
		int n = raw.receiveBytes(buf, sizeof(buf));
		if (n <= 0) throw std::runtime_error("raw: connection closed during SELECT");
		acc.append(buf, std::size_t(n));
	}
	Figure f;
	Poco::Timestamp t;
	std::size_t sent = 0, done = 0;
	std::string line;             // the current line outside literals
	std::uint64_t skip = 0;       // literal bytes still to pass over
	while (done < commands.size())
	{
		std::string out;
		while (sent < commands.size() && sent - done < maxInFlight)
		{
			out += "c" + std::to_string(sent) + " " + commands[sent] + "\r\n";
			++sent;
		}
		if (!out.empty()) raw.sendBytes(out.data(), int(out.size()));
		int n = raw.receiveBytes(buf, sizeof(buf));
		if (n <= 0) throw std::runtime_error("raw: connection closed during FETCH");
		f.bytes += std::uint64_t(n);
		// The least a client must do: find line ends outside literals, pass
		// literals by their announced size, and spot the tagged ends.
		const char* p = buf;
		const char* end = buf + n;
		while (p < end)
		{
			if (skip)
			{
				std::uint64_t k = std::min<std::uint64_t>(skip, std::uint64_t(end - p));
				p += k;
				skip -= k;
				continue;
			}
			const char* nl = static_cast<const char*>(std::memchr(p, '\n', std::size_t(end - p)));
			if (!nl)
			{
				line.append(p, end);
				break;
			}
			line.append(p, nl);
			p = nl + 1;
			if (!line.empty() && line.back() == '\r') line.pop_back();
			if (!line.empty() && line.back() == '}')
			{
				std::size_t open = line.rfind('{');
				skip = std::strtoull(line.c_str() + open + 1, nullptr, 10);
			}
			else if (!line.empty() && line[0] == 'c')
			{
				++done;
			}
			line.clear();
		}
	}
	f.seconds = t.elapsed() / 1e6;
	f.messages = messages;
	std::string out = "d LOGOUT\r\n";
	raw.sendBytes(out.data(), int(out.size()));
	return f;
}

} } // namespace mailbridge::bench
