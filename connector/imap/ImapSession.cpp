#include "connector/imap/ImapSession.h"
#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ModifiedUtf7.h"
#include "connector/imap/protocol/Quoting.h"
#include "connector/imap/protocol/Sasl.h"

#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>

namespace mailbridge {
namespace imap {

namespace {

// "{123}" and "{123+}" become "{123 bytes}": the trace names a literal's
// size, never its bytes.
std::string describeLiterals(const std::string& line)
{
	std::string out;
	std::size_t i = 0;
	while (i < line.size())
	{
		std::size_t open = line.find('{', i);
		if (open == std::string::npos) break;
		std::size_t j = open + 1;
		while (j < line.size() && line[j] >= '0' && line[j] <= '9') ++j;
		std::size_t digitsEnd = j;
		if (j < line.size() && line[j] == '+') ++j;
		if (digitsEnd > open + 1 && j < line.size() && line[j] == '}')
		{
			out.append(line, i, open - i);
			out += "{" + line.substr(open + 1, digitsEnd - open - 1) + " bytes}";
			i = j + 1;
		}
		else
		{
			out.append(line, i, open + 1 - i);
			i = open + 1;
		}
	}
	out.append(line, i, std::string::npos);
	return out;
}

// The UID a FETCH response names before its first literal, or 0.
std::uint32_t uidInText(const std::string& text)
{
	std::size_t at = text.find("UID ");
	while (at != std::string::npos && at > 0 && text[at - 1] != '(' && text[at - 1] != ' ')
		at = text.find("UID ", at + 1);
	if (at == std::string::npos) return 0;
	return std::uint32_t(std::strtoul(text.c_str() + at + 4, nullptr, 10));
}

bool wantsBody(const std::string& items)
{
	std::string upper = Poco::toUpper(items);
	return upper.find("BODY[") != std::string::npos || upper.find("BODY.PEEK[") != std::string::npos
		|| upper.find("RFC822") != std::string::npos;
}

std::string flagList(const std::vector<std::string>& flags)
{
	std::string out = "(";
	for (std::size_t i = 0; i < flags.size(); ++i) out += (i ? " " : "") + flags[i];
	return out + ")";
}

} // namespace

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

std::string ImapSession::nextTag(char prefix)
{
	return prefix + std::to_string(_nextTag++);
}

void ImapSession::setReadTimeout(Poco::Timespan timeout)
{
	if (_socket) _socket->setReceiveTimeout(timeout);
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
			s->setNoDelay(true); // pipelined commands are small: never hold them back
			s->setReceiveTimeout(_options.greetingTimeout);
			s->completeHandshake();
			_socket = std::move(s);
			_secure = true;
		}
		else
		{
			_socket = std::make_unique<Poco::Net::StreamSocket>();
			_socket->connect(addr, _options.connectTimeout);
			_socket->setNoDelay(true);
		}
		_socket->setReceiveTimeout(_options.greetingTimeout);
	}
	catch (Poco::Net::SSLException& e)
	{
		throw ImapSecurityError("TLS to " + _options.host, e.displayText());
	}
	catch (Poco::TimeoutException& e)
	{
		throw ImapTimeoutError("connect to " + _options.host, e.displayText());
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
			s->setReceiveTimeout(_options.greetingTimeout);
			s->completeHandshake();
			_socket = std::move(s);
		}
		catch (Poco::TimeoutException& e)
		{
			throw ImapTimeoutError("STARTTLS to " + _options.host, e.displayText());
		}
		catch (Poco::Exception& e)
		{
			throw ImapSecurityError("STARTTLS to " + _options.host, e.displayText());
		}
		_secure = true;
		_caps.clear(); // capabilities before TLS must not be trusted
		setReadTimeout(_options.greetingTimeout);
		command("CAPABILITY");
	}
	setReadTimeout(_options.readTimeout);
}

void ImapSession::login(const std::string& user, const std::string& password)
{
	Credentials c;
	c.user = user;
	c.secret = password;
	login(c);
}

void ImapSession::login(const Credentials& credentials)
{
	if (!_secure)
	{
		if (!_options.allowInsecure) throw ImapSecurityError("refusing to send a password without TLS", _options.host);
		std::string warning = "sending a password without TLS to " + _options.host;
		Poco::Logger::get("mailbridge.imap").warning(warning);
		if (_options.trace) _options.trace(TraceDirection::Note, "warning: " + warning);
	}
	setReadTimeout(_options.loginTimeout);
	try
	{
		if (_caps.empty()) command("CAPABILITY");
		Credentials::Mechanism mech = credentials.mechanism;
		if (mech == Credentials::Auto)
		{
			if (hasCapability("AUTH=PLAIN")) mech = Credentials::Plain;
			else if (!hasCapability("LOGINDISABLED")) mech = Credentials::Login;
			else throw ImapUnsupportedError("server offers neither AUTH=PLAIN nor LOGIN (LOGINDISABLED)", _options.host);
		}
		switch (mech)
		{
		case Credentials::Login:
			if (hasCapability("LOGINDISABLED")) throw ImapUnsupportedError("server disables LOGIN (LOGINDISABLED)", _options.host);
			loginCommand(credentials.user, credentials.secret);
			break;
		case Credentials::Plain:
			if (!hasCapability("AUTH=PLAIN")) throw ImapUnsupportedError("server does not offer AUTH=PLAIN", _options.host);
			authenticate("PLAIN", saslPlain(credentials.user, credentials.secret, credentials.authzid), "*");
			break;
		case Credentials::XOAuth2:
			if (!hasCapability("AUTH=XOAUTH2")) throw ImapUnsupportedError("server does not offer AUTH=XOAUTH2", _options.host);
			// Google and Microsoft expect an empty reply to the error challenge.
			authenticate("XOAUTH2", saslXOAuth2(credentials.user, credentials.secret), "");
			break;
		case Credentials::OAuthBearer:
			if (!hasCapability("AUTH=OAUTHBEARER")) throw ImapUnsupportedError("server does not offer AUTH=OAUTHBEARER", _options.host);
			authenticate("OAUTHBEARER", saslOAuthBearer(credentials.user, _options.host, _options.port, credentials.secret),
				saslOAuthBearerAbort());
			break;
		case Credentials::Auto:
			break;
		}
	}
	catch (...)
	{
		setReadTimeout(_options.readTimeout);
		throw;
	}
	setReadTimeout(_options.readTimeout);
}

void ImapSession::loginCommand(const std::string& user, const std::string& password)
{
	std::string tag = nextTag('L');
	CommandFormatter cmd(tag, "LOGIN");
	cmd.astring(user).secret(password);
	std::vector<std::string> parts = cmd.segments();
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		send(parts[i], i == 0 ? cmd.trace() : std::string());
		if (i + 1 < parts.size())
		{
			Response r = readResponse();
			if (r.type != Response::Continuation) throw ImapAuthError("login refused", r.line);
		}
	}
	Response r = await(tag, Claim());
	if (!r.ok()) throw ImapAuthError("login refused", r.line);
	afterLogin(r);
}

void ImapSession::authenticate(const std::string& mechanism, const std::string& initial, const std::string& abortReply)
{
	std::string tag = nextTag('L');
	bool saslIr = hasCapability("SASL-IR");
	std::string line = tag + " AUTHENTICATE " + mechanism;
	send(line + (saslIr ? " " + initial : std::string()) + "\r\n", line + (saslIr ? " ***" : ""));
	bool initialSent = saslIr;
	bool challenged = false;
	std::string error;
	for (;;)
	{
		Response r = readResponse();
		if (r.type == Response::Continuation)
		{
			if (!initialSent)
			{
				send(initial + "\r\n", "***");
				initialSent = true;
				continue;
			}
			// A challenge after our only message: the server reports an error
			// (OAuth mechanisms send JSON) and waits for us to end the exchange.
			challenged = true;
			try { error = base64Decode(Poco::trim(r.text)); } catch (ImapProtocolError&) { error = r.text; }
			send(abortReply + "\r\n", "***");
			continue;
		}
		if (r.type == Response::Tagged && r.tag == tag)
		{
			if (r.ok())
			{
				afterLogin(r);
				return;
			}
			if (challenged && mechanism != "PLAIN")
				throw ImapOAuthError("AUTHENTICATE " + mechanism + " refused", r.line + " " + error, error);
			throw ImapAuthError("AUTHENTICATE " + mechanism + " refused", r.line);
		}
		untagged(r, Claim());
	}
}

void ImapSession::afterLogin(const Response& ok)
{
	noteCapabilities(ok);
	// Capabilities change after login; ask unless the reply carried them.
	if (_caps.empty() || ok.code.name != "CAPABILITY") command("CAPABILITY");
}

const std::set<std::string>& ImapSession::capability()
{
	command("CAPABILITY");
	return _caps;
}

std::set<std::string> ImapSession::enable(const std::vector<std::string>& extensions)
{
	std::set<std::string> out;
	if (!hasCapability("ENABLE") || extensions.empty()) return out;
	std::string text = "ENABLE";
	for (const std::string& e: extensions) text += " " + e;
	run(text, [&out](const Response& r) {
		if (r.kind != "ENABLED") return false;
		for (const std::string& w: r.words) out.insert(Poco::toUpper(w));
		return false; // untagged() records them in _enabled too
	});
	return out;
}

std::map<std::string, std::string> ImapSession::id(const std::map<std::string, std::string>& fields)
{
	std::map<std::string, std::string> out;
	if (!hasCapability("ID")) return out;
	std::string tag = nextTag('A');
	CommandFormatter cmd(tag, "ID", literalMode());
	if (fields.empty())
	{
		cmd.atom("NIL");
	}
	else
	{
		bool first = true;
		for (const auto& f: fields)
		{
			// ID values are strings: quoted even when they look like atoms.
			cmd.raw(first ? " (" : " ").raw(quoted(f.first)).raw(" ").raw(quoted(f.second));
			first = false;
		}
		cmd.raw(")");
	}
	execute(tag, cmd, "ID", [&out](const Response& r) {
		if (r.kind != "ID") return false;
		if (!r.items.empty() && r.items[0].kind == Item::List)
		{
			const auto& c = r.items[0].children;
			for (std::size_t i = 0; i + 1 < c.size(); i += 2) out[c[i].text] = c[i + 1].isNil() ? "" : c[i + 1].text;
		}
		return true;
	});
	return out;
}

NamespaceInfo ImapSession::personalNamespace()
{
	NamespaceInfo info;
	if (!hasCapability("NAMESPACE") && !hasCapability("IMAP4REV2")) return info;
	run("NAMESPACE", [&info](const Response& r) {
		if (r.kind != "NAMESPACE") return false;
		const Item* personal = r.items.empty() ? nullptr : &r.items[0];
		const Item* first = personal && personal->kind == Item::List ? personal->at(0) : nullptr;
		if (first && first->kind == Item::List && first->children.size() >= 2)
		{
			info.hasPersonal = true;
			info.personalPrefix = decodeMailboxName(first->children[0].text);
			const Item& d = first->children[1];
			info.delimiter = d.isNil() || d.text.empty() ? 0 : d.text[0];
		}
		return true;
	});
	return info;
}

std::vector<ListEntry> ImapSession::list(const std::string& reference, const std::string& pattern)
{
	std::vector<ListEntry> out;
	std::string tag = nextTag('A');
	CommandFormatter cmd(tag, "LIST", literalMode());
	cmd.astring(encodeMailboxName(reference)).astring(encodeMailboxName(pattern));
	if (hasCapability("SPECIAL-USE") && hasCapability("LIST-EXTENDED")) cmd.atom("RETURN (SPECIAL-USE)");
	execute(tag, cmd, "LIST", [&out](const Response& r) {
		if (r.kind != "LIST") return false;
		out.push_back(r.list);
		return true;
	});
	return out;
}

StatusResult ImapSession::status(const std::string& mailbox, const std::vector<std::string>& items)
{
	std::vector<std::string> asked = items;
	if (asked.empty())
	{
		asked = {"MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN"};
		if (hasCapability("CONDSTORE")) asked.push_back("HIGHESTMODSEQ");
	}
	std::string tag = nextTag('A');
	CommandFormatter cmd(tag, "STATUS", literalMode());
	cmd.astring(encodeMailboxName(mailbox)).atom(flagList(asked));
	StatusResult result;
	execute(tag, cmd, "STATUS", [&result](const Response& r) {
		if (r.kind != "STATUS") return false;
		for (const auto& v: r.statusData.values) result.values[v.first] = v.second;
		return true;
	});
	auto get = [&result](const char* key) -> std::uint64_t {
		auto it = result.values.find(key);
		return it == result.values.end() ? 0 : it->second;
	};
	result.messages = std::uint32_t(get("MESSAGES"));
	result.uidNext = std::uint32_t(get("UIDNEXT"));
	result.uidValidity = std::uint32_t(get("UIDVALIDITY"));
	result.unseen = std::uint32_t(get("UNSEEN"));
	result.highestModSeq = get("HIGHESTMODSEQ");
	return result;
}

std::string ImapSession::mailboxArgument(const std::string& utf8)
{
	std::string name = encodeMailboxName(utf8);
	return formFor(name) == ArgumentForm::Atom ? name : quoted(name);
}

Response ImapSession::select(const std::string& mailbox, bool readOnly)
{
	_mailbox.reset(mailbox);
	Response r = command(std::string(readOnly ? "EXAMINE " : "SELECT ") + mailboxArgument(mailbox));
	if (_mailbox.uidNext()) _seenUidNext[mailbox] = {_mailbox.uidValidity(), _mailbox.uidNext()};
	return r;
}

SelectResult ImapSession::select(const std::string& mailbox, const SelectOptions& options)
{
	SelectResult result;
	bool qresync = options.uidValidity != 0 && options.modSeq != 0 && hasCapability("QRESYNC");
	if (qresync && !_enabled.count("QRESYNC")) enable({"QRESYNC"});
	qresync = qresync && _enabled.count("QRESYNC");
	std::string text = std::string(options.readOnly ? "EXAMINE " : "SELECT ") + mailboxArgument(mailbox);
	if (qresync)
	{
		text += " (QRESYNC (" + std::to_string(options.uidValidity) + " " + std::to_string(options.modSeq);
		if (!options.knownUids.empty()) text += " " + options.knownUids.toString();
		text += "))";
	}
	else if ((options.condstore || options.modSeq) && hasCapability("CONDSTORE"))
	{
		text += " (CONDSTORE)";
	}
	result.qresync = qresync;
	_mailbox.reset(mailbox);
	Response done = run(text, [&result](const Response& r) {
		if (r.code.name == "PERMANENTFLAGS") result.permanentFlags = r.code.list;
		if (r.kind == "FLAGS") result.flags = r.words;
		if (r.kind == "VANISHED" && r.earlier)
		{
			for (const auto& range: r.uids.ranges()) result.vanished.add(range.first, range.second);
			return true;
		}
		if (r.kind == "FETCH")
		{
			result.changed.push_back(r.fetch);
			return true;
		}
		return false;
	});
	result.uidValidity = _mailbox.uidValidity();
	result.uidNext = _mailbox.uidNext();
	result.exists = _mailbox.exists();
	result.highestModSeq = _mailbox.highestModSeq();
	result.noModSeq = _mailbox.noModSeq() || result.highestModSeq == 0;
	result.readOnly = done.code.name == "READ-ONLY";
	result.uidValidityChanged = options.uidValidity != 0 && options.uidValidity != result.uidValidity;
	bool wentBack = _mailbox.uidNextWentBack();
	if (options.knownUidNext && !result.uidValidityChanged && result.uidNext < options.knownUidNext) wentBack = true;
	auto seen = _seenUidNext.find(mailbox);
	if (seen != _seenUidNext.end() && seen->second.first == result.uidValidity && result.uidNext < seen->second.second)
		wentBack = true;
	result.uidNextWentBack = wentBack;
	if (result.uidNext) _seenUidNext[mailbox] = {result.uidValidity, result.uidNext};
	return result;
}

UidSet ImapSession::uidSearch(const std::string& criteria)
{
	std::string tag = nextTag('A');
	CommandFormatter cmd(tag, "UID SEARCH", literalMode());
	if (hasCapability("ESEARCH")) cmd.atom("RETURN (ALL)");
	if (CommandFormatter::hasEightBit(criteria)) cmd.atom("CHARSET UTF-8");
	cmd.criteria(criteria);
	UidSet out;
	execute(tag, cmd, "UID SEARCH", [&out, &tag](const Response& r) {
		if (r.kind != "SEARCH" && r.kind != "ESEARCH") return false;
		if (r.kind == "ESEARCH" && !r.esearchTag.empty() && r.esearchTag != tag) return false;
		for (const auto& range: r.uids.ranges()) out.add(range.first, range.second);
		return true;
	});
	return out;
}

void ImapSession::uidFetch(const UidSet& uids, const std::string& items, FetchHandler& handler)
{
	uidFetchPipelined({uids}, items, handler, 1);
}

FetchResult ImapSession::uidFetch(const UidSet& uids, const std::string& items, FetchHandler& handler, const FetchModifiers& modifiers)
{
	return uidFetchPipelined({uids}, items, handler, 1, modifiers);
}

FetchResult ImapSession::uidFetchPipelined(const std::vector<UidSet>& ranges, const std::string& items, FetchHandler& handler,
	std::size_t maxInFlight, const FetchModifiers& modifiers)
{
	FetchResult result;
	if (maxInFlight == 0) maxInFlight = 1;
	std::string suffix = " (" + items + ")";
	if (modifiers.changedSince && hasCapability("CONDSTORE"))
	{
		suffix += " (CHANGEDSINCE " + std::to_string(modifiers.changedSince);
		if (modifiers.vanished && _enabled.count("QRESYNC")) suffix += " VANISHED";
		suffix += ")";
		result.changedSinceSent = true;
	}
	// What belongs to these commands: a UID of the ranges (or any UID when a
	// range runs to "*", which may answer with a UID below its start), and a
	// body when one was asked for; anything else is an unsolicited update.
	UidSet all;
	bool toStar = false;
	for (const UidSet& set: ranges)
		for (const auto& range: set.ranges())
		{
			all.add(range.first, range.second);
			toStar = toStar || range.second == UidSet::STAR;
		}
	const bool bodyWanted = wantsBody(items);
	auto ours = [&](std::uint32_t uid) { return uid != 0 && (toStar || all.contains(uid)); };

	_parser.setSinkChooser([&handler, &ours](const std::string& text, std::uint64_t size) -> LiteralSink* {
		// text starts "* <seq> FETCH"
		std::uint32_t uid = uidInText(text);
		if (uid != 0 && !ours(uid)) return nullptr;
		std::uint32_t seq = std::uint32_t(std::strtoul(text.c_str() + 2, nullptr, 10));
		return handler.bodySink(seq, size);
	});
	Claim claim = [&](const Response& r) {
		if (r.kind == "VANISHED" && r.earlier)
		{
			for (const auto& range: r.uids.ranges()) result.vanished.add(range.first, range.second);
			return false;
		}
		if (r.kind != "FETCH" || !ours(r.fetch.uid)) return false;
		if (bodyWanted && r.fetch.sections.empty()) return false;
		handler.message(r.fetch);
		return true;
	};
	std::deque<std::string> inFlight;
	std::size_t next = 0;
	std::string failure;
	try
	{
		while (next < ranges.size() || !inFlight.empty())
		{
			std::string batch;
			while (failure.empty() && inFlight.size() < maxInFlight && next < ranges.size())
			{
				std::string tag = nextTag('A');
				std::string line = tag + " UID FETCH " + ranges[next++].toString() + suffix;
				if (_options.trace) _options.trace(TraceDirection::Sent, line);
				batch += line + "\r\n";
				inFlight.push_back(tag);
			}
			if (!batch.empty()) send(batch, std::string());
			if (inFlight.empty()) break;
			Response r = readResponse();
			if (r.type != Response::Tagged)
			{
				untagged(r, claim);
				continue;
			}
			auto it = std::find(inFlight.begin(), inFlight.end(), r.tag);
			if (it == inFlight.end()) continue; // not ours: a server bug, nothing waits for it
			inFlight.erase(it);
			_mailbox.apply(r);
			if (r.ok()) continue;
			if (r.status == "NO" && r.code.name == "EXPUNGEISSUED")
				result.expungeIssued = true;
			else if (failure.empty())
				failure = r.line;
		}
	}
	catch (...)
	{
		_parser.setSinkChooser(nullptr);
		throw;
	}
	_parser.setSinkChooser(nullptr);
	if (!failure.empty()) throw ImapCommandError("UID FETCH failed", failure);
	return result;
}

void ImapSession::uidStore(const UidSet& uids, const std::string& action, const std::vector<std::string>& flags)
{
	run("UID STORE " + uids.toString() + " " + action + " " + flagList(flags), Claim());
}

CopyResult ImapSession::copyResult(const ResponseCode& code)
{
	CopyResult out;
	if (code.name != "COPYUID") return out;
	out.uidValidity = code.number;
	out.source = code.uids;
	out.target = code.targetUids;
	return out;
}

CopyResult ImapSession::uidCopy(const UidSet& uids, const std::string& mailbox)
{
	Response r = run("UID COPY " + uids.toString() + " " + mailboxArgument(mailbox), Claim());
	return copyResult(r.code);
}

CopyResult ImapSession::uidMove(const UidSet& uids, const std::string& mailbox)
{
	if (hasCapability("MOVE"))
	{
		// RFC 6851: COPYUID comes in an untagged OK before the expunges.
		CopyResult out;
		Response r = run("UID MOVE " + uids.toString() + " " + mailboxArgument(mailbox), [&out](const Response& u) {
			if (u.code.name == "COPYUID") out = copyResult(u.code);
			return false;
		});
		if (r.code.name == "COPYUID") out = copyResult(r.code);
		return out;
	}
	if (!hasCapability("UIDPLUS"))
		throw ImapUnsupportedError("cannot move without MOVE or UIDPLUS", "a plain EXPUNGE would remove other deleted messages too");
	CopyResult out = uidCopy(uids, mailbox);
	uidStore(uids, "+FLAGS.SILENT", {"\\Deleted"});
	uidExpunge(uids);
	return out;
}

void ImapSession::uidExpunge(const UidSet& uids)
{
	if (!hasCapability("UIDPLUS")) throw ImapUnsupportedError("UID EXPUNGE needs UIDPLUS", _options.host);
	run("UID EXPUNGE " + uids.toString(), Claim());
}

bool ImapSession::noop()
{
	bool changed = false;
	run("NOOP", [this, &changed](const Response& r) {
		changed = _mailbox.apply(r) || changed;
		return true;
	});
	return changed;
}

LiteralMode ImapSession::literalMode() const
{
	return hasCapability("LITERAL+") ? LiteralMode::Plus
		: hasCapability("LITERAL-") ? LiteralMode::Minus : LiteralMode::Synchronizing;
}

Response ImapSession::append(const std::string& mailbox, const std::string& flags, const std::string& message)
{
	return appendCommand(mailbox, flags, "", message);
}

AppendResult ImapSession::append(const std::string& mailbox, const std::string& message, const std::vector<std::string>& flags,
	const std::string& internalDate)
{
	Response r = appendCommand(mailbox, flags.empty() ? std::string() : flagList(flags), internalDate, message);
	AppendResult out;
	if (r.code.name == "APPENDUID" && !r.code.uids.empty())
	{
		out.uidValidity = r.code.number;
		out.uid = r.code.uids.ranges().front().first;
	}
	return out;
}

Response ImapSession::appendCommand(const std::string& mailbox, const std::string& flags, const std::string& date,
	const std::string& message)
{
	std::string tag = nextTag('A');
	CommandFormatter cmd(tag, "APPEND", literalMode());
	cmd.astring(encodeMailboxName(mailbox));
	if (!flags.empty()) cmd.atom(flags);
	if (!date.empty()) cmd.atom(date);
	cmd.literal(message);
	return execute(tag, cmd, "APPEND", Claim());
}

Response ImapSession::execute(const std::string& tag, const CommandFormatter& cmd, const std::string& what, const Claim& claim)
{
	std::vector<std::string> parts = cmd.segments();
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		send(parts[i], i == 0 ? cmd.trace() : std::string());
		if (i + 1 == parts.size()) break;
		// A synchronizing literal: wait for "+" before its bytes.
		for (;;)
		{
			Response r = readResponse();
			if (r.type == Response::Continuation) break;
			if (r.type == Response::Tagged && r.tag == tag) throw ImapCommandError(what + " failed", r.line);
			untagged(r, claim);
		}
	}
	return finish(tag, what, claim);
}

bool ImapSession::idle(Poco::Timespan wait)
{
	if (wait > _options.maxIdle) wait = _options.maxIdle;
	bool woken = beginIdle();
	Poco::Timestamp start;
	while (!woken)
	{
		Poco::Timespan left = wait - Poco::Timespan(start.elapsed());
		if (left <= 0) break;
		bool readable = false;
		try
		{
			readable = _socket->poll(left, Poco::Net::Socket::SELECT_READ);
		}
		catch (Poco::Exception& e)
		{
			throw ImapNetworkError("wait on " + _options.host, e.displayText());
		}
		if (!readable) break;
		woken = pollIdle();
	}
	return endIdle() || woken;
}

bool ImapSession::beginIdle()
{
	if (idling()) throw ImapCommandError("IDLE failed", "already in IDLE");
	std::string tag = nextTag('A');
	send(tag + " IDLE\r\n", tag + " IDLE");
	bool woken = false;
	for (;;)
	{
		Response r = readResponse();
		if (r.type == Response::Continuation) break;
		if (r.type == Response::Tagged && r.tag == tag) throw ImapCommandError("IDLE failed", r.line);
		if (r.status == "BYE") throw ImapNetworkError("server closed the connection", r.line);
		woken = _mailbox.apply(r) || woken;
	}
	_idleTag = tag;
	_idleSince.update();
	// What came with the continuation may already be read.
	return pollIdle() || woken;
}

bool ImapSession::pollIdle()
{
	if (!idling()) return false;
	if (!_socket) throw ImapNetworkError("not connected");
	bool woken = false;
	char buf[65536];
	// The thread waits for several mailboxes: a read here must not hang on
	// a TLS record the socket showed only part of. A few seconds, then this
	// connection counts as timed out (and is reconnected), not the others.
	// The guard holds its own handle: an error below may drop _socket.
	struct ShortReads
	{
		Poco::Net::Socket socket;
		Poco::Timespan saved;
		explicit ShortReads(const Poco::Net::Socket& s): socket(s), saved(socket.getReceiveTimeout())
		{
			socket.setReceiveTimeout(std::min(saved, Poco::Timespan(IDLE_READ_SECONDS, 0)));
		}
		~ShortReads()
		{
			try { socket.setReceiveTimeout(saved); } catch (...) {}
		}
	} shortReads(*_socket);
	for (;;)
	{
		Response r;
		while (_parser.next(r))
		{
			if (_options.trace) _options.trace(TraceDirection::Received, describeLiterals(r.line));
			if (r.status == "BYE") throw ImapNetworkError("server closed the connection", r.line);
			if (r.type == Response::Tagged && r.tag == _idleTag)
			{
				_idleTag.clear(); // nothing left to end
				throw ImapCommandError("IDLE ended by the server", r.line);
			}
			woken = _mailbox.apply(r) || woken;
		}
		int n = 0;
		try
		{
			// available() counts what TLS has decrypted but not handed over,
			// which the socket itself no longer shows as readable.
			if (_socket->available() <= 0 && !_socket->poll(0, Poco::Net::Socket::SELECT_READ)) break;
			n = _socket->receiveBytes(buf, sizeof(buf));
		}
		catch (Poco::TimeoutException&)
		{
			throw ImapTimeoutError("timed out waiting for " + _options.host);
		}
		catch (Poco::Exception& e)
		{
			throw ImapNetworkError("read from " + _options.host, e.displayText());
		}
		if (n <= 0) throw ImapNetworkError("connection closed by " + _options.host);
		feed(buf, std::size_t(n));
	}
	return woken;
}

bool ImapSession::endIdle()
{
	if (!idling()) return false;
	const std::string tag = _idleTag;
	bool woken = pollIdle();
	_idleTag.clear();
	send("DONE\r\n", "DONE");
	// A change the server sends between our DONE and its tagged OK is still
	// a wake-up: it will not be announced again.
	finish(tag, "IDLE", [&](const Response& r) {
		woken = _mailbox.apply(r) || woken;
		return true;
	});
	return woken;
}

const Poco::Net::Socket& ImapSession::socket() const
{
	if (!_socket) throw ImapNetworkError("not connected");
	return *_socket;
}

Response ImapSession::command(const std::string& text)
{
	return run(text, Claim());
}

Response ImapSession::command(const std::string& text, const std::function<void(const Response&)>& onUntagged)
{
	return run(text, [&onUntagged](const Response& r) {
		onUntagged(r);
		return false;
	});
}

void ImapSession::logout()
{
	// Leaving need not wait as long as work does.
	try { setReadTimeout(std::min(_options.readTimeout, Poco::Timespan(5, 0))); } catch (...) {}
	if (_socket && idling())
	{
		try { endIdle(); } catch (...) { _idleTag.clear(); }
	}
	if (_socket)
	{
		try
		{
			std::string tag = nextTag('A');
			send(tag + " LOGOUT\r\n", tag + " LOGOUT");
			await(tag, Claim(), true); // BYE then OK, or just a close
		}
		catch (ImapNetworkError&)
		{
		}
		try { _socket->close(); } catch (...) {}
	}
	_socket.reset();
}

Response ImapSession::run(const std::string& text, const Claim& claim)
{
	std::string tag = nextTag('A');
	send(tag + " " + text + "\r\n", tag + " " + text);
	return finish(tag, text, claim);
}

void ImapSession::untagged(const Response& r, const Claim& claim, bool logout)
{
	if (r.status == "BYE" && !logout) throw ImapNetworkError("server closed the connection", r.line);
	noteCapabilities(r);
	if (r.kind == "ENABLED")
		for (const std::string& w: r.words) _enabled.insert(Poco::toUpper(w));
	if (!claim || !claim(r)) _mailbox.apply(r);
}

Response ImapSession::await(const std::string& tag, const Claim& claim, bool logout)
{
	for (;;)
	{
		Response r = readResponse();
		if (r.type == Response::Tagged && r.tag == tag)
		{
			_mailbox.apply(r);
			noteCapabilities(r);
			return r;
		}
		if (r.type == Response::Continuation) continue; // nothing of ours waits for one
		untagged(r, claim, logout);
	}
}

Response ImapSession::finish(const std::string& tag, const std::string& text, const Claim& claim)
{
	Response r = await(tag, claim, Poco::icompare(text, "LOGOUT") == 0); // LOGOUT's BYE is expected
	if (!r.ok()) throw ImapCommandError(text.substr(0, text.find(' ')) + " failed", r.line);
	return r;
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

void ImapSession::send(const std::string& bytes, const std::string& traceText)
{
	if (!_socket) throw ImapNetworkError("not connected");
	if (_options.trace && !traceText.empty()) _options.trace(TraceDirection::Sent, describeLiterals(traceText));
	try
	{
		_socket->sendBytes(bytes.data(), int(bytes.size()));
	}
	catch (Poco::TimeoutException& e)
	{
		throw ImapTimeoutError("write to " + _options.host, e.displayText());
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
			throw ImapTimeoutError("timed out waiting for " + _options.host);
		}
		catch (Poco::Exception& e)
		{
			throw ImapNetworkError("read from " + _options.host, e.displayText());
		}
		if (n <= 0) throw ImapNetworkError("connection closed by " + _options.host);
		feed(buf, std::size_t(n));
	}
	if (_options.trace) _options.trace(TraceDirection::Received, describeLiterals(r.line));
	return r;
}

void ImapSession::feed(const char* data, std::size_t size)
{
	try
	{
		_parser.feed(data, size);
	}
	catch (ImapProtocolError&)
	{
		// The stream is out of step: nothing more said on it can be trusted,
		// not even the tagged OK a LOGOUT would wait for.
		_idleTag.clear();
		try { _socket->close(); } catch (...) {}
		_socket.reset();
		throw;
	}
}

} } // namespace mailbridge::imap
