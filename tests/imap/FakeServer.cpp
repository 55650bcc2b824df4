#include "FakeServer.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>

namespace mailbridge {
namespace test {

FakeServer::FakeServer(Script script):
	_script(std::move(script)),
	_socket(Poco::Net::SocketAddress("127.0.0.1", 0))
{
	_thread = std::thread([this] { run(); });
}

FakeServer::~FakeServer()
{
	if (_thread.joinable()) _thread.join();
}

std::string FakeServer::finish()
{
	if (_thread.joinable()) _thread.join();
	return _error;
}

void FakeServer::run()
{
	try
	{
		_socket.setReceiveTimeout(Poco::Timespan(5, 0));
		Poco::Net::StreamSocket conn = _socket.acceptConnection();
		conn.setReceiveTimeout(Poco::Timespan(5, 0));
		std::string pending;
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
					char buf[4096];
					int n = conn.receiveBytes(buf, sizeof(buf));
					if (n <= 0) { _error = "client closed before: " + step.second; return; }
					pending.append(buf, std::size_t(n));
				}
				std::string line = pending.substr(0, eol);
				pending.erase(0, eol + 2);
				_received.push_back(line);
				const std::string& want = step.second;
				if (line.size() < want.size() || line.compare(line.size() - want.size(), want.size(), want) != 0)
				{
					_error = "expected ..." + want + ", got " + line;
					return;
				}
			}
			else if (step.first == "WAIT")
			{
				std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(step.second)));
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
