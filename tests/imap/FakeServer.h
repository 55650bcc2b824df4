//
// FakeServer.h
//
// A scripted IMAP server on 127.0.0.1 for transcript tests. The script is a
// list of steps: "S:" sends bytes verbatim, "C:" reads one client line and
// checks that it ends with the given text (tags are the client's business),
// "WAIT" pauses for the given milliseconds, "CLOSE" drops the connection,
// "HANG" waits until the client goes away.
//

#ifndef MB_Imap_FakeServer_INCLUDED
#define MB_Imap_FakeServer_INCLUDED

#include <Poco/Net/ServerSocket.h>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mailbridge {
namespace test {

class FakeServer
{
public:
	using Script = std::vector<std::pair<std::string, std::string>>;

	explicit FakeServer(Script script);
	~FakeServer();

	unsigned short port() const { return _socket.address().port(); }
	std::string finish();
		/// Waits for the script to end; returns "" or the first mismatch.
	const std::vector<std::string>& received() const { return _received; }

private:
	void run();

	std::vector<std::pair<std::string, std::string>> _script;
	Poco::Net::ServerSocket _socket;
	std::thread _thread;
	std::string _error;
	std::vector<std::string> _received;
};

} } // namespace mailbridge::test

#endif
