#include "tests/imap/FakeImapServer.h"

#include "connector/imap/protocol/UidSet.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <sstream>

namespace mailbridge {
namespace test {

namespace {

const char* CAPS = "IMAP4rev1 IDLE";

std::string unquote(const std::string& word)
{
	if (word.size() >= 2 && word.front() == '"' && word.back() == '"') return word.substr(1, word.size() - 2);
	return word;
}

} // namespace

FakeImapServer::FakeImapServer():
	_socket(Poco::Net::SocketAddress("127.0.0.1", 0))
{
	_acceptor = std::thread([this] { accept(); });
}

FakeImapServer::~FakeImapServer()
{
	_stop = true;
	if (_acceptor.joinable()) _acceptor.join();
	{
		std::lock_guard<std::mutex> lock(_mutex);
		for (auto& c: _connections)
		{
			try { c->socket.shutdown(); } catch (...) {}
		}
	}
	for (auto& t: _threads) t.join();
}

void FakeImapServer::accept()
{
	while (!_stop)
	{
		try
		{
			if (!_socket.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ)) continue;
			auto c = std::make_shared<Connection>();
			c->socket = _socket.acceptConnection();
			std::lock_guard<std::mutex> lock(_mutex);
			_connections.push_back(c);
			_threads.emplace_back([this, c] { serve(c); });
		}
		catch (...)
		{
		}
	}
}

void FakeImapServer::serve(std::shared_ptr<Connection> c)
{
	try
	{
		c->socket.setReceiveTimeout(Poco::Timespan(0, 50000));
		send(*c, std::string("* OK [CAPABILITY ") + CAPS + "] fake ready\r\n");
		std::string pending;
		while (!_stop)
		{
			std::size_t eol;
			while ((eol = pending.find("\r\n")) != std::string::npos)
			{
				std::string line = pending.substr(0, eol);
				pending.erase(0, eol + 2);
				answer(*c, line);
			}
			char buf[4096];
			int n = 0;
			try
			{
				n = c->socket.receiveBytes(buf, sizeof(buf));
			}
			catch (Poco::TimeoutException&)
			{
				continue;
			}
			if (n <= 0) break;
			pending.append(buf, std::size_t(n));
		}
	}
	catch (...)
	{
	}
	try { c->socket.close(); } catch (...) {}
}

void FakeImapServer::answer(Connection& c, const std::string& line)
{
	std::string user, selected;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		user = c.user;
		selected = c.selected;
	}
	if (line == "DONE")
	{
		{
			std::lock_guard<std::mutex> lock(_mutex);
			++_counts[user]["DONE"];
			c.idling = false;
		}
		send(c, c.idleTag + " OK IDLE terminated\r\n");
		return;
	}
	std::istringstream in(line);
	std::string tag, command;
	in >> tag >> command;
	command = Poco::toUpper(command);
	if (command == "UID")
	{
		std::string sub;
		in >> sub;
		command += " " + Poco::toUpper(sub);
	}
	std::string rest;
	std::getline(in, rest);
	rest = Poco::trim(rest);
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (command == "LOGIN")
		{
			std::istringstream args(rest);
			std::string name;
			args >> name;
			user = c.user = unquote(name);
			++_logins[user];
		}
		++_counts[user][command];
	}
	if (command == "LOGIN")
		send(c, tag + " OK [CAPABILITY " + CAPS + "] logged in\r\n");
	else if (command == "CAPABILITY")
		send(c, std::string("* CAPABILITY ") + CAPS + "\r\n" + tag + " OK done\r\n");
	else if (command == "LIST")
		send(c, "* LIST () \"/\" INBOX\r\n* LIST (\\Sent) \"/\" Sent\r\n" + tag + " OK done\r\n");
	else if (command == "EXAMINE" || command == "SELECT")
	{
		std::istringstream args(rest);
		std::string name;
		args >> name;
		name = unquote(name);
		{
			std::lock_guard<std::mutex> lock(_mutex);
			c.selected = name;
		}
		const std::size_t n = folder(user, name).size();
		send(c, "* " + std::to_string(n) + " EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT " + std::to_string(n + 1) +
			"] ok\r\n" + tag + " OK [READ-ONLY] done\r\n");
	}
	else if (command == "UID SEARCH")
	{
		std::string out = "* SEARCH";
		for (std::size_t uid = 1; uid <= folder(user, selected).size(); ++uid) out += " " + std::to_string(uid);
		send(c, out + "\r\n" + tag + " OK done\r\n");
	}
	else if (command == "UID FETCH")
	{
		const std::vector<std::string> messages = folder(user, selected);
		std::string out;
		imap::UidSet set = imap::UidSet::parse(rest.substr(0, rest.find(' ')));
		const std::string date = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%d-%b-%Y %H:%M:%S +0000");
		for (const auto& range: set.ranges())
		{
			for (std::uint32_t uid = range.first; uid <= std::min<std::uint32_t>(range.second, std::uint32_t(messages.size())); ++uid)
			{
				const std::string& m = messages[uid - 1];
				const bool whole = rest.find("BODY.PEEK[]") != std::string::npos;
				out += "* " + std::to_string(uid) + " FETCH (UID " + std::to_string(uid) + " INTERNALDATE \"" + date +
					"\" RFC822.SIZE " + std::to_string(m.size()) + (whole ? " BODY[] {" : " BODY[HEADER.FIELDS (MESSAGE-ID)] {") +
					std::to_string(m.size()) + "}\r\n" + m + ")\r\n";
			}
		}
		send(c, out + tag + " OK done\r\n");
	}
	else if (command == "IDLE")
	{
		c.idleTag = tag; // DONE is answered under it
		{
			std::lock_guard<std::mutex> lock(_mutex);
			c.idling = true;
		}
		send(c, "+ idling\r\n");
	}
	else if (command == "LOGOUT")
		send(c, "* BYE bye\r\n" + tag + " OK done\r\n");
	else if (command == "NOOP")
		send(c, tag + " OK done\r\n");
	else
		send(c, tag + " BAD not in this fake\r\n");
}

void FakeImapServer::send(Connection& c, const std::string& bytes)
{
	std::lock_guard<std::mutex> lock(c.sendMutex);
	c.socket.sendBytes(bytes.data(), int(bytes.size()));
}

std::vector<std::string> FakeImapServer::folder(const std::string& user, const std::string& name) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto u = _folders.find(user);
	if (u == _folders.end()) return {};
	auto it = u->second.find(name);
	return it == u->second.end() ? std::vector<std::string>() : it->second;
}

void FakeImapServer::deliver(const std::string& user, const std::string& message, const std::string& name)
{
	std::vector<std::shared_ptr<Connection>> idle;
	std::size_t n = 0;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		std::vector<std::string>& messages = _folders[user][name];
		messages.push_back(message);
		n = messages.size();
		for (auto& c: _connections)
			if (c->user == user && c->idling && c->selected == name) idle.push_back(c);
	}
	for (auto& c: idle)
	{
		try { send(*c, "* " + std::to_string(n) + " EXISTS\r\n"); } catch (...) {}
	}
}

void FakeImapServer::push(const std::string& user, const std::string& bytes)
{
	std::vector<std::shared_ptr<Connection>> mine;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		for (auto& c: _connections)
			if (c->user == user) mine.push_back(c);
	}
	for (auto& c: mine)
	{
		try { send(*c, bytes); } catch (...) {}
	}
}

void FakeImapServer::drop(const std::string& user)
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (auto& c: _connections)
	{
		if (c->user != user) continue;
		try { c->socket.shutdown(); } catch (...) {}
	}
}

int FakeImapServer::count(const std::string& user, const std::string& command) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto u = _counts.find(user);
	if (u == _counts.end()) return 0;
	auto it = u->second.find(command);
	return it == u->second.end() ? 0 : it->second;
}

int FakeImapServer::connections(const std::string& user) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto it = _logins.find(user);
	return it == _logins.end() ? 0 : it->second;
}

} } // namespace mailbridge::test
