//
// FakeSmtpServer.h
//
// A scripted SMTP server on 127.0.0.1 for transcript tests, one connection.
// Steps: "S" sends bytes verbatim; "C" reads one client line and compares
// it (a trailing '*' compares only the prefix); "DATA" reads the DATA stream
// up to and including CRLF "." CRLF and keeps it; "CUT" reads that many
// bytes of whatever comes, then drops the connection; "CLOSE" drops it;
// "HANG" says nothing and waits until the client goes away.
//

#ifndef MB_Tests_FakeSmtpServer_INCLUDED
#define MB_Tests_FakeSmtpServer_INCLUDED

#include <Poco/Net/ServerSocket.h>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mailbridge {
namespace test {

class FakeSmtpServer
{
public:
	using Script = std::vector<std::pair<std::string, std::string>>;

	explicit FakeSmtpServer(Script script);
	~FakeSmtpServer();

	unsigned short port() const { return _socket.address().port(); }

	std::string finish();
		/// Waits for the script to end; returns "" or the first mismatch.

	const std::vector<std::string>& received() const { return _received; }
		/// The client's command lines, in order.

	const std::string& data() const { return _data; }
		/// The DATA stream as sent, dot-stuffing and terminator included.

private:
	void run();

	Script _script;
	Poco::Net::ServerSocket _socket;
	std::thread _thread;
	std::string _error;
	std::vector<std::string> _received;
	std::string _data;
};

} } // namespace mailbridge::test

#endif
