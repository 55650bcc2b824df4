#include "FakeSmtpServer.h"

#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberParser.h>

namespace mailbridge {
namespace test {

FakeSmtpServer::FakeSmtpServer(Script script, Poco::Net::Context::Ptr tls, bool implicitTls):
	_script(std::move(script)),
	_tls(tls),
	_implicitTls(implicitTls),
	_socket(Poco::Net::SocketAddress("127.0.0.1", 0))
{
	_thread = std::thread([this] { run(); });
}

FakeSmtpServer::~FakeSmtpServer()
{
	if (_thread.joinable()) _thread.join();
}

std::string FakeSmtpServer::finish()
{
	if (_thread.joinable()) _thread.join();
	return _error;
}

void FakeSmtpServer::run()
{
	try
	{
		_socket.setReceiveTimeout(Poco::Timespan(10, 0));
		Poco::Net::StreamSocket conn = _socket.acceptConnection();
		conn.setReceiveTimeout(Poco::Timespan(10, 0));
		if (_implicitTls) conn = Poco::Net::SecureStreamSocket::attach(conn, _tls);
		std::string pending;
		auto more = [&conn, &pending]() {
			char buf[65536];
			int n = conn.receiveBytes(buf, sizeof(buf));
			if (n > 0) pending.append(buf, std::size_t(n));
			return n > 0;
		};
		for (const auto& step: _script)
		{
			if (step.first == "S")
			{
				conn.sendBytes(step.second.data(), int(step.second.size()));
			}
			else if (step.first == "C")
			{
				std::size_t eol;
				while ((eol = pending.find("\r\n")) == std::string::npos)
				{
					if (!more()) { _error = "client closed before: " + step.second; return; }
				}
				std::string line = pending.substr(0, eol);
				pending.erase(0, eol + 2);
				_received.push_back(line);
				const std::string& want = step.second;
				bool prefix = !want.empty() && want.back() == '*';
				bool match = prefix ? line.compare(0, want.size() - 1, want, 0, want.size() - 1) == 0 : line == want;
				if (!match) { _error = "expected " + want + ", got " + line; return; }
			}
			else if (step.first == "DATA")
			{
				std::size_t end;
				while ((end = ("\r\n" + pending).find("\r\n.\r\n")) == std::string::npos)
				{
					if (!more()) { _error = "client closed inside DATA"; return; }
				}
				_data = pending.substr(0, end + 3);
				pending.erase(0, end + 3);
			}
			else if (step.first == "CUT")
			{
				std::size_t want = Poco::NumberParser::parseUnsigned(step.second);
				while (pending.size() < want && more()) {}
				_data = pending;
				conn.close();
				return;
			}
			else if (step.first == "TLS")
			{
				pending.clear(); // what came in clear is not carried into TLS
				conn = Poco::Net::SecureStreamSocket::attach(conn, _tls);
			}
			else if (step.first == "ACCEPT")
			{
				conn.close();
				conn = _socket.acceptConnection();
				conn.setReceiveTimeout(Poco::Timespan(10, 0));
				pending.clear();
			}
			else if (step.first == "CLOSE")
			{
				conn.close();
				return;
			}
			else if (step.first == "HANG")
			{
				char buf[256];
				try { while (conn.receiveBytes(buf, sizeof(buf)) > 0) {} } catch (...) {}
				return;
			}
		}
		conn.close();
	}
	catch (std::exception& e)
	{
		_error = e.what();
	}
}

} } // namespace mailbridge::test
