#include "connector/imap/ImapSession.h"
#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ModifiedUtf7.h"
#include "connector/imap/protocol/CommandFormatter.h"

#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>
#include <cstdlib>

namespace mailbridge {
namespace imap {

ImapSession::ImapSession(const ImapSessionOptions& options):
	_options(options),
	_parser(options.limits)
{
}

ImapSession::~ImapSession()
{
	try { if (_socket) _socket->close(); } catch (...) {}
}

static Poco::Net::Context::Ptr clientContext(const std::string& caFile)
{
	return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", caFile,
		Poco::Net::Context::VERIFY_RELAXED, 9, caFile.empty());
}

void ImapSession::connect()
{
	try
	{
		Poco::Net::SocketAddress addr(_options.host, _options.port);
		if (_options.security == ImapSessionOptions::ImplicitTls)
		{
			auto s = std::make_unique<Poco::Net::SecureStreamSocket>(clientContext(_options.caFile));
			s->setPeerHostName(_options.host);
			s->connect(addr, _options.connectTimeout);
			s->completeHandshake();
			_socket = std::move(s);
			_secure = true;
		}
		else
		{
			_socket = std::make_unique<Poco::Net::StreamSocket>();
			_socket->connect(addr, _options.connectTimeout);
		}
		_socket->setReceiveTimeout(_options.readTimeout);
	}
	catch (Poco::Net::SSLException& e)
	{
		throw ImapSecurityError("TLS to " + _options.host, e.displayText());
	}
	catch (Poco::Exception& e)
	{
		throw ImapNetworkError("connect to " + _options.host, e.displayText());
	}
	Response greeting = readResponse();
	if (greeting.status == "BYE") throw ImapNetworkError("server refused the connection", greeting.line);
	noteCapabilities(greeting);
	if (_options.security == ImapSessionOptions::StartTls)
	{
		if (_caps.empty()) command("CAPABILITY");
		if (!hasCapability("STARTTLS")) throw ImapSecurityError("server does not offer STARTTLS", _options.host);
		command("STARTTLS");
		try
		{
			auto s = std::make_unique<Poco::Net::SecureStreamSocket>(
				Poco::Net::SecureStreamSocket::attach(*_socket, _options.host, clientContext(_options.caFile)));
			s->completeHandshake();
			_socket = std::move(s);
			_socket->setReceiveTimeout(_options.readTimeout);
		}
		catch (Poco::Exception& e)
		{
			throw ImapSecurityError("STARTTLS to " + _options.host, e.displayText());
		}
		_secure = true;
		_caps.clear(); // capabilities before TLS must not be trusted
		command("CAPABILITY");
	}
}

void ImapSession::login(const std::string& user, const std::string& password)
{
	if (!_secure)
	{
		if (!_options.allowInsecure) throw ImapSecurityError("refusing to send a password without TLS", _options.host);
		Poco::Logger::get("mailbridge.imap").warning("sending a password without TLS to " + _options.host);
	}
	CommandFormatter cmd("L" + std::to_string(_nextTag), "LOGIN");
	cmd.astring(user).secret(password);
	std::vector<std::string> parts = cmd.segments();
	++_nextTag;
	std::string tag = "L" + std::to_string(_nextTag - 1);
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		send(parts[i]);
		if (i + 1 < parts.size())
		{
			Response r = readResponse();
			if (r.type != Response::Continuation) throw ImapAuthError("login refused", r.line);
		}
	}
	for (;;)
	{
		Response r = readResponse();
		if (r.type == Response::Tagged && r.tag == tag)
		{
			if (!r.ok()) throw ImapAuthError("login refused", r.line);
			noteCapabilities(r);
			if (_caps.empty() || r.code.name != "CAPABILITY") command("CAPABILITY");
			return;
		}
		if (r.status == "BYE") throw ImapNetworkError("server closed the connection", r.line);
	}
}

Response ImapSession::select(const std::string& mailbox, bool readOnly)
{
	_mailbox.reset(mailbox);
	std::string name = encodeMailboxName(mailbox);
	CommandFormatter cmd("x", "x");
	cmd.astring(name);
	std::string arg = cmd.segments()[0].substr(4, cmd.segments()[0].size() - 6);
	return command(std::string(readOnly ? "EXAMINE " : "SELECT ") + arg);
}

void ImapSession::uidFetch(const UidSet& uids, const std::string& items, FetchHandler& handler)
{
	_parser.setSinkChooser([&handler](const std::string& text, std::uint64_t size) -> LiteralSink* {
		// text starts "* <seq> FETCH"
		std::uint32_t seq = std::uint32_t(std::strtoul(text.c_str() + 2, nullptr, 10));
		return handler.bodySink(seq, size);
	});
	try
	{
		run("UID FETCH " + uids.toString() + " (" + items + ")", [&handler](const Response& r) {
			if (r.kind == "FETCH") handler.message(r.fetch);
		});
	}
	catch (...)
	{
		_parser.setSinkChooser(nullptr);
		throw;
	}
	_parser.setSinkChooser(nullptr);
}

Response ImapSession::append(const std::string& mailbox, const std::string& flags, const std::string& message)
{
	std::string tag = "A" + std::to_string(_nextTag++);
	LiteralMode mode = hasCapability("LITERAL+") ? LiteralMode::Plus
		: hasCapability("LITERAL-") ? LiteralMode::Minus : LiteralMode::Synchronizing;
	CommandFormatter cmd(tag, "APPEND", mode);
	cmd.astring(encodeMailboxName(mailbox));
	if (!flags.empty()) cmd.atom(flags);
	cmd.literal(message);
	std::vector<std::string> parts = cmd.segments();
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		send(parts[i]);
		if (i + 1 == parts.size()) break;
		for (;;)
		{
			Response r = readResponse();
			if (r.type == Response::Continuation) break;
			if (r.type == Response::Tagged && r.tag == tag) throw ImapCommandError("APPEND failed", r.line);
			if (r.status == "BYE") throw ImapNetworkError("server closed the connection", r.line);
			_mailbox.apply(r);
		}
	}
	return finish(tag, "APPEND", [](const Response&) {});
}

bool ImapSession::idle(Poco::Timespan wait)
{
	std::string tag = "A" + std::to_string(_nextTag++);
	send(tag + " IDLE\r\n");
	bool woken = false;
	for (;;)
	{
		Response r = readResponse();
		if (r.type == Response::Continuation) break;
		if (r.type == Response::Tagged && r.tag == tag) throw ImapCommandError("IDLE failed", r.line);
		if (r.status == "BYE") throw ImapNetworkError("server closed the connection", r.line);
		woken = _mailbox.apply(r) || woken;
	}
	Poco::Timestamp start;
	while (!woken)
	{
		Poco::Timespan left = wait - Poco::Timespan(start.elapsed());
		if (left <= 0) break;
		Response r;
		if (!_parser.next(r))
		{
			if (!_socket->poll(left, Poco::Net::Socket::SELECT_READ)) break;
			r = readResponse();
		}
		if (r.status == "BYE") throw ImapNetworkError("server closed the connection", r.line);
		woken = _mailbox.apply(r);
	}
	send("DONE\r\n");
	finish(tag, "IDLE", [](const Response&) {});
	return woken;
}

Response ImapSession::command(const std::string& text)
{
	return run(text, [](const Response&) {});
}

Response ImapSession::command(const std::string& text, const std::function<void(const Response&)>& onUntagged)
{
	return run(text, onUntagged);
}

void ImapSession::logout()
{
	try { command("LOGOUT"); } catch (ImapNetworkError&) {} // BYE then OK, or just a close
	if (_socket) _socket->close();
	_socket.reset();
}

Response ImapSession::run(const std::string& text, const std::function<void(const Response&)>& onUntagged)
{
	std::string tag = "A" + std::to_string(_nextTag++);
	send(tag + " " + text + "\r\n");
	return finish(tag, text, onUntagged);
}

Response ImapSession::finish(const std::string& tag, const std::string& text, const std::function<void(const Response&)>& onUntagged)
{
	bool logout = text == "LOGOUT";
	for (;;)
	{
		Response r = readResponse();
		if (r.type == Response::Tagged && r.tag == tag)
		{
			_mailbox.apply(r);
			noteCapabilities(r);
			if (!r.ok()) throw ImapCommandError(text.substr(0, text.find(' ')) + " failed", r.line);
			return r;
		}
		if (r.status == "BYE" && !logout) throw ImapNetworkError("server closed the connection", r.line);
		_mailbox.apply(r);
		noteCapabilities(r);
		onUntagged(r);
	}
}

void ImapSession::noteCapabilities(const Response& r)
{
	const std::vector<std::string>* words = nullptr;
	if (r.kind == "CAPABILITY") words = &r.words;
	else if (r.code.name == "CAPABILITY") words = &r.code.list;
	if (!words) return;
	_caps.clear();
	for (const std::string& w: *words) _caps.insert(Poco::toUpper(w));
}

void ImapSession::send(const std::string& bytes)
{
	if (!_socket) throw ImapNetworkError("not connected");
	try
	{
		_socket->sendBytes(bytes.data(), int(bytes.size()));
	}
	catch (Poco::Exception& e)
	{
		throw ImapNetworkError("write to " + _options.host, e.displayText());
	}
}

Response ImapSession::readResponse()
{
	Response r;
	char buf[65536];
	while (!_parser.next(r))
	{
		if (!_socket) throw ImapNetworkError("not connected");
		int n = 0;
		try
		{
			n = _socket->receiveBytes(buf, sizeof(buf));
		}
		catch (Poco::TimeoutException&)
		{
			throw ImapNetworkError("timed out waiting for " + _options.host);
		}
		catch (Poco::Exception& e)
		{
			throw ImapNetworkError("read from " + _options.host, e.displayText());
		}
		if (n <= 0) throw ImapNetworkError("connection closed by " + _options.host);
		_parser.feed(buf, std::size_t(n));
	}
	return r;
}

} } // namespace mailbridge::imap
