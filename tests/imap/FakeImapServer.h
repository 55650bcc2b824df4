//
// FakeImapServer.h
//
// A small IMAP server on 127.0.0.1 that answers what the sync engine asks
// (LOGIN, LIST, EXAMINE, UID SEARCH, UID FETCH, IDLE/DONE, LOGOUT) for any
// number of connections, an INBOX and a Sent folder per user. Tests deliver mail, push raw
// lines to a user's connections and count the commands each user sent:
// what FakeServer's fixed transcripts cannot show for many connections.
//

#ifndef MB_Imap_FakeImapServer_INCLUDED
#define MB_Imap_FakeImapServer_INCLUDED

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mailbridge {
namespace test {

class FakeImapServer
{
public:
	FakeImapServer();
	~FakeImapServer();

	unsigned short port() const { return _socket.address().port(); }

	void deliver(const std::string& user, const std::string& message, const std::string& folder = "INBOX");
		/// Adds a message to the user's folder (INBOX or Sent) and announces
		/// it (* N EXISTS) to the user's connections in IDLE on that folder.

	void push(const std::string& user, const std::string& bytes);
		/// Sends bytes as they are to every connection of the user.

	void drop(const std::string& user);
		/// Closes the user's connections.

	int count(const std::string& user, const std::string& command) const;
		/// How many times the user's connections sent this command ("IDLE",
		/// "DONE", "UID FETCH", "EXAMINE", "LOGIN", ...).

	int connections(const std::string& user) const;
		/// How many connections logged in as the user.

private:
	struct Connection
	{
		Poco::Net::StreamSocket socket;
		std::string user;
		std::mutex sendMutex;
		bool idling = false;     ///< under the server's mutex
		std::string selected;    ///< under the server's mutex
		std::string idleTag;     ///< the serving thread's own
	};

	void accept();
	void serve(std::shared_ptr<Connection> c);
	void answer(Connection& c, const std::string& line);
	void send(Connection& c, const std::string& bytes);
	std::vector<std::string> folder(const std::string& user, const std::string& name) const;

	Poco::Net::ServerSocket _socket;
	std::atomic<bool> _stop{false};
	mutable std::mutex _mutex;
	std::vector<std::shared_ptr<Connection>> _connections;
	std::map<std::string, std::map<std::string, std::vector<std::string>>> _folders; ///< user -> folder -> messages
	std::map<std::string, std::map<std::string, int>> _counts;
	std::map<std::string, int> _logins;
	std::vector<std::thread> _threads;
	std::thread _acceptor;
};

} } // namespace mailbridge::test

#endif
