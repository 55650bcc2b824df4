//
// FakeSmtpServer.h
//
// A scripted SMTP server on 127.0.0.1 for transcript tests, one connection.
// Steps: "S" sends bytes verbatim; "C" reads one client line and compares
// it (a trailing '*' compares only the prefix); "DATA" reads the DATA stream
// up to and including CRLF "." CRLF and keeps it; "CUT" reads that many
// bytes of whatever comes, then drops the connection; "CLOSE" drops it;
// "ACCEPT" drops the connection and takes the next one; "HANG" says nothing and waits until the client goes away; "TLS" starts
// TLS as the server (after its "220" to STARTTLS) with the given context;
// with implicitTls the server speaks TLS from the first byte.
//

#ifndef MB_Tests_FakeSmtpServer_INCLUDED
#define MB_Tests_FakeSmtpServer_INCLUDED

#include <Poco/Net/Context.h>
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

	explicit FakeSmtpServer(Script script, Poco::Net::Context::Ptr tls = nullptr, bool implicitTls = false);
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
	Poco::Net::Context::Ptr _tls;
	bool _implicitTls;
	Poco::Net::ServerSocket _socket;
	std::thread _thread;
	std::string _error;
	std::vector<std::string> _received;
	std::string _data;
};

} } // namespace mailbridge::test

#endif
