//
// ImapMailboxClient.cpp
//

#include "connector/service/ImapMailboxClient.h"
#include "connector/service/ServiceConfig.h"
#include "connector/service/Logging.h"
#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ModifiedUtf7.h"
#include "connector/imap/protocol/Quoting.h"
#include "connector/imap/protocol/UidSet.h"
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/Thread.h>
#include <algorithm>
#include <map>

using namespace mailbridge::imap;

namespace mailbridge {
namespace service {

namespace {

// A batch's fetch as commands of this many UIDs, this many sent ahead.
const std::size_t FETCH_RANGE = 250;
const std::size_t FETCHES_IN_FLIGHT = 4;

sync::FolderRole roleOf(const ListEntry& entry)
{
	if (Poco::icompare(entry.name, "INBOX") == 0) return sync::FolderRole::Inbox;
	if (entry.has("\\Sent")) return sync::FolderRole::Sent;
	if (entry.has("\\Trash")) return sync::FolderRole::Trash;
	if (entry.has("\\Junk")) return sync::FolderRole::Junk;
	if (entry.has("\\Drafts")) return sync::FolderRole::Drafts;
	if (entry.has("\\All")) return sync::FolderRole::All;
	return sync::FolderRole::Other;
}

class StringSink: public LiteralSink
	/// Collects one body literal: the message is needed whole anyway (hash,
	/// parser, attachments), and the parser keeps only small literals itself.
{
public:
	void begin(std::uint64_t size) override
	{
		bytes.clear();
		bytes.reserve(static_cast<std::size_t>(size));
	}
	void write(const char* data, std::size_t size) override { bytes.append(data, size); }
	void end() override {}

	std::string bytes;
};

class CollectingHandler: public FetchHandler
{
public:
	explicit CollectingHandler(std::function<void(const FetchData&)> onMessage): _onMessage(std::move(onMessage)) {}

	LiteralSink* bodySink(std::uint32_t seq, std::uint64_t) override
	{
		// Keyed by message: the session may have read the next response's
		// literal before it hands over this one.
		return &_sinks[seq];
	}

	void message(const FetchData& data) override
	{
		auto it = _sinks.find(data.seq);
		if (it == _sinks.end())
		{
			_onMessage(data);
			return;
		}
		FetchData whole = data;
		for (BodySection& s: whole.sections)
			if (s.sunk) s.data.swap(it->second.bytes);
		_sinks.erase(it);
		_onMessage(whole);
	}

private:
	std::function<void(const FetchData&)> _onMessage;
	std::map<std::uint32_t, StringSink> _sinks;
};

} // namespace

ImapMailboxClient::ImapMailboxClient(std::unique_ptr<ImapSession> session, bool useIdle, Poco::Timespan pollInterval):
	_session(std::move(session)),
	_useIdle(useIdle),
	_pollInterval(pollInterval)
{
	if (_session->hasCapability("QRESYNC"))
	{
		_session->command("ENABLE QRESYNC");
		_qresync = _condstore = true;
	}
	else if (_session->hasCapability("CONDSTORE"))
	{
		_condstore = true;
	}
}

ImapMailboxClient::~ImapMailboxClient()
{
	try { _session->logout(); } catch (...) {}
}

std::unique_ptr<ImapMailboxClient> ImapMailboxClient::connect(const MailboxConfig& config, Poco::Timespan pollInterval,
	Poco::Timespan maxIdle)
{
	ImapSessionOptions options;
	options.maxIdle = maxIdle;
	options.host = config.host;
	options.security = config.tls == TlsMode::Implicit ? ImapSessionOptions::ImplicitTls
		: config.tls == TlsMode::StartTls ? ImapSessionOptions::StartTls : ImapSessionOptions::Plain;
	options.port = static_cast<unsigned short>(config.port ? config.port : (config.tls == TlsMode::Implicit ? 993 : 143));
	options.caFile = config.caFile;
	options.allowInsecure = config.allowInsecure;
	// log_level = trace shows the protocol, line by line: the session never
	// hands over passwords, tokens or message bodies.
	Poco::Logger* log = &mailboxLogger(config.name);
	if (log->trace())
	{
		options.trace = [log](TraceDirection direction, const std::string& line) {
			log->trace((direction == TraceDirection::Sent ? "C: " : direction == TraceDirection::Received ? "S: " : "") + line);
		};
	}
	std::unique_ptr<ImapSession> session(new ImapSession(options));
	session->connect();
	Credentials credentials;
	credentials.user = config.user.empty() ? config.address : config.user;
	credentials.secret = config.secret.resolve();
	// "plain", the default, also works with servers that only offer LOGIN.
	credentials.mechanism = config.auth == AuthMethod::Login ? Credentials::Login
		: config.auth == AuthMethod::XOAuth2 ? Credentials::XOAuth2
		: config.auth == AuthMethod::OAuthBearer ? Credentials::OAuthBearer : Credentials::Auto;
	session->login(credentials);
	if (!session->hasCapability("IMAP4REV1") && !session->hasCapability("IMAP4REV2")) session->command("CAPABILITY");
	return std::unique_ptr<ImapMailboxClient>(new ImapMailboxClient(std::move(session), config.idle, pollInterval));
}

std::string ImapMailboxClient::argument(const std::string& folder) const
{
	auto it = _rawNames.find(folder);
	std::string raw = it != _rawNames.end() ? it->second : encodeMailboxName(folder);
	return quoted(raw);
}

std::vector<sync::FolderEntry> ImapMailboxClient::folders()
{
	leaveIdle();
	std::vector<sync::FolderEntry> out;
	// Dovecot and most servers mark special-use folders in a plain LIST once
	// SPECIAL-USE is advertised; RETURN (SPECIAL-USE) asks explicitly.
	std::string command = _session->hasCapability("SPECIAL-USE") && _session->hasCapability("LIST-EXTENDED")
		? "LIST \"\" \"*\" RETURN (SPECIAL-USE)" : "LIST \"\" \"*\"";
	_session->command(command, [&](const Response& r) {
		if (r.kind != "LIST") return;
		sync::FolderEntry entry;
		entry.name = r.list.name;
		entry.role = roleOf(r.list);
		entry.selectable = !r.list.has("\\Noselect") && !r.list.has("\\NonExistent");
		_rawNames[entry.name] = r.list.rawName;
		out.push_back(entry);
	});
	return out;
}

sync::FolderSnapshot ImapMailboxClient::open(const std::string& folder, std::uint32_t knownUidValidity, std::uint64_t knownModSeq)
{
	leaveIdle();
	std::string command = "EXAMINE " + argument(folder);
	if (_qresync && knownUidValidity && knownModSeq)
		command += " (QRESYNC (" + std::to_string(knownUidValidity) + " " + std::to_string(knownModSeq) + "))";
	else if (_condstore)
		command += " (CONDSTORE)";
	sync::FolderSnapshot snap;
	Response done;
	try
	{
		done = _session->command(command, [&](const Response& r) {
			if (r.kind == "EXISTS") snap.exists = r.number;
			if (r.kind == "VANISHED")
				for (std::uint32_t uid: r.uids.expand()) snap.vanished.push_back(uid);
			if (r.code.name == "UIDVALIDITY") snap.uidValidity = r.code.number;
			if (r.code.name == "UIDNEXT") snap.uidNext = r.code.number;
			if (r.code.name == "HIGHESTMODSEQ") snap.highestModSeq = r.code.modseq;
		});
	}
	catch (ImapCommandError& exc)
	{
		throw MailboxError("cannot open folder " + folder, exc.displayText());
	}
	if (done.code.name == "HIGHESTMODSEQ") snap.highestModSeq = done.code.modseq;
	std::sort(snap.vanished.begin(), snap.vanished.end());
	return snap;
}

std::vector<std::uint32_t> ImapMailboxClient::search(std::uint32_t fromUid, std::uint32_t toUid, const Poco::Timestamp* since)
{
	std::string criteria = "UID " + std::to_string(fromUid ? fromUid : 1) + ":" + (toUid ? std::to_string(toUid) : std::string("*"));
	if (since) criteria += " SINCE " + Poco::DateTimeFormatter::format(*since, "%e-%b-%Y");
	std::vector<std::uint32_t> out = searchUids(criteria);
	// "n:*" always includes the highest UID, even below n.
	out.erase(std::remove_if(out.begin(), out.end(),
		[&](std::uint32_t uid) { return uid < fromUid || (toUid != 0 && uid > toUid); }), out.end());
	return out;
}

std::vector<std::uint32_t> ImapMailboxClient::searchDates(const Poco::Timestamp& since, const Poco::Timestamp& before)
{
	// SINCE and BEFORE compare dates, not times (RFC 3501 6.4.4): whole days.
	return searchUids("SINCE " + Poco::DateTimeFormatter::format(since, "%e-%b-%Y") +
		" BEFORE " + Poco::DateTimeFormatter::format(before, "%e-%b-%Y"));
}

std::vector<std::uint32_t> ImapMailboxClient::searchAddresses(const std::vector<std::string>& addresses, const Poco::Timestamp& since)
{
	const std::string sinceKey = "SINCE " + Poco::DateTimeFormatter::format(since, "%e-%b-%Y");
	for (const std::string& a: addresses)
	{
		// An address that needs a literal (8-bit) cannot go in this command
		// form: search the whole range instead; the processor matches exactly.
		if (formFor(a) == ArgumentForm::Literal) return searchUids(sinceKey);
	}
	std::vector<std::uint32_t> out;
	const std::size_t CHUNK = 50; // keeps each command line short
	for (std::size_t begin = 0; begin < addresses.size(); begin += CHUNK)
	{
		const std::size_t end = std::min(addresses.size(), begin + CHUNK);
		std::string ors, keys;
		for (std::size_t i = begin; i < end; ++i)
		{
			const std::string q = quoted(addresses[i]);
			if (i > begin) ors += "OR ";
			keys += " OR OR OR FROM " + q + " TO " + q + " CC " + q + " BCC " + q;
		}
		std::vector<std::uint32_t> part = searchUids(sinceKey + " " + ors + keys.substr(1));
		out.insert(out.end(), part.begin(), part.end());
	}
	std::sort(out.begin(), out.end());
	out.erase(std::unique(out.begin(), out.end()), out.end());
	return out;
}

std::vector<std::uint32_t> ImapMailboxClient::searchUids(const std::string& criteria)
{
	leaveIdle();
	std::vector<std::uint32_t> out;
	_session->command("UID SEARCH " + criteria, [&](const Response& r) {
		if (r.kind != "SEARCH" && r.kind != "ESEARCH") return;
		for (std::uint32_t uid: r.uids.expand()) out.push_back(uid);
	});
	std::sort(out.begin(), out.end());
	out.erase(std::unique(out.begin(), out.end()), out.end());
	return out;
}

void ImapMailboxClient::fetch(const std::vector<std::uint32_t>& uids, const std::function<void(sync::FetchedMessage&)>& onMessage)
{
	if (uids.empty()) return;
	leaveIdle();
	UidSet wanted(uids);
	CollectingHandler handler([&](const FetchData& data) {
		if (!data.uid || !wanted.contains(data.uid)) return;
		const BodySection* body = data.section("");
		sync::FetchedMessage m;
		m.uid = data.uid;
		m.size = data.size;
		m.internalDate = parseInternalDate(data.internalDate);
		if (!body || body->nil) m.missing = true;
		else m.raw = body->data;
		if (!m.size) m.size = m.raw.size();
		onMessage(m);
	});
	// Pipelined: a few commands of a few hundred UIDs each sent ahead, so
	// the server starts on the next while we still read the last.
	std::vector<std::uint32_t> sorted(uids);
	std::sort(sorted.begin(), sorted.end());
	std::vector<UidSet> ranges;
	for (std::size_t at = 0; at < sorted.size(); at += FETCH_RANGE)
	{
		const std::size_t end = std::min(sorted.size(), at + FETCH_RANGE);
		ranges.emplace_back(std::vector<std::uint32_t>(sorted.begin() + at, sorted.begin() + end));
	}
	_session->uidFetchPipelined(ranges, "UID INTERNALDATE RFC822.SIZE BODY.PEEK[]", handler, FETCHES_IN_FLIGHT);
}

void ImapMailboxClient::fetchIdentities(const std::vector<std::uint32_t>& uids,
	const std::function<void(const sync::MessageIdentity&)>& onMessage)
{
	if (uids.empty()) return;
	leaveIdle();
	UidSet wanted(uids);
	CollectingHandler handler([&](const FetchData& data) {
		if (!data.uid || !wanted.contains(data.uid)) return;
		sync::MessageIdentity id;
		id.uid = data.uid;
		id.size = data.size;
		id.internalDate = parseInternalDate(data.internalDate);
		for (const auto& section: data.sections)
		{
			if (section.nil) continue;
			std::string v = Poco::trim(headerValue(section.data, "Message-ID"));
			if (v.size() > 1 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
			id.messageId = v;
		}
		onMessage(id);
	});
	_session->uidFetch(wanted, "UID INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]", handler);
}

bool ImapMailboxClient::usesIdle() const
{
	return _useIdle && _session->hasCapability("IDLE");
}

bool ImapMailboxClient::waitForChange(Poco::Timespan timeout)
{
	leaveIdle();
	if (usesIdle())
	{
		// RFC 2177: servers may drop an IDLE after 30 minutes.
		const Poco::Timespan cap(28 * 60, 0);
		return _session->idle(timeout < cap ? timeout : cap);
	}
	Poco::Thread::sleep(static_cast<long>(std::min(timeout, _pollInterval).totalMilliseconds()));
	return true; // polled: the caller's sync finds out what changed
}

bool ImapMailboxClient::beginWait()
{
	leaveIdle();
	if (!usesIdle())
	{
		_polling = true;
		_pollStart.update();
		return false;
	}
	const bool changed = _session->beginIdle();
	_waitHandle.reset(new SocketWaitHandle(_session->socket(), _session->idleSince() + _session->maxIdle()));
	return changed;
}

bool ImapMailboxClient::checkWait(Poco::Timespan timeout)
{
	Poco::Timestamp start;
	if (_polling)
	{
		const Poco::Timespan left = _pollInterval - Poco::Timespan(_pollStart.elapsed());
		if (left > 0 && timeout > 0) Poco::Thread::sleep(static_cast<long>(std::min(left, timeout).totalMilliseconds()));
		if (!_pollStart.isElapsed(_pollInterval.totalMicroseconds())) return false;
		_pollStart.update();
		return true; // polled: the caller's sync finds out what changed
	}
	if (!_session->idling()) return false;
	for (;;)
	{
		if (_session->pollIdle()) return true;
		if (_session->idleSince().isElapsed(_session->maxIdle().totalMicroseconds()))
		{
			// Renewed before the server drops it (RFC 2177: 29 minutes).
			_waitHandle.reset();
			if (_session->endIdle()) return true;
			const bool changed = _session->beginIdle();
			_waitHandle.reset(new SocketWaitHandle(_session->socket(), _session->idleSince() + _session->maxIdle()));
			if (changed) return true;
		}
		Poco::Timespan left = timeout - Poco::Timespan(start.elapsed());
		if (left <= 0) return false;
		const Poco::Timespan renew = _session->maxIdle() - Poco::Timespan(_session->idleSince().elapsed());
		if (renew < left) left = std::max(renew, Poco::Timespan(0, 1000));
		try
		{
			_session->socket().poll(left, Poco::Net::Socket::SELECT_READ);
		}
		catch (Poco::Exception& exc)
		{
			throw ImapNetworkError("wait on the server", exc.displayText());
		}
	}
}

bool ImapMailboxClient::endWait()
{
	_polling = false;
	_waitHandle.reset();
	return _session->endIdle();
}

const sync::WaitHandle* ImapMailboxClient::waitHandle() const
{
	return _session->idling() ? _waitHandle.get() : nullptr;
}

void ImapMailboxClient::leaveIdle()
{
	// A command in IDLE would be taken for a bad DONE. What the IDLE saw is
	// in the session's mailbox state; the engine ends waits itself anyway.
	_polling = false;
	if (_session->idling()) endWait();
}

Poco::Timestamp ImapMailboxClient::parseInternalDate(const std::string& text)
{
	int tz = 0;
	Poco::DateTime dt;
	if (Poco::DateTimeParser::tryParse("%e-%b-%Y %H:%M:%S %Z", Poco::trim(text), dt, tz))
		return dt.timestamp() - Poco::Timespan(tz, 0);
	return Poco::Timestamp(0);
}

std::string ImapMailboxClient::headerValue(const std::string& headers, const std::string& name)
{
	std::string value;
	bool inField = false;
	std::size_t pos = 0;
	while (pos < headers.size())
	{
		std::size_t eol = headers.find('\n', pos);
		if (eol == std::string::npos) eol = headers.size();
		std::string line = headers.substr(pos, eol - pos);
		if (!line.empty() && line.back() == '\r') line.pop_back();
		pos = eol + 1;
		if (!line.empty() && (line[0] == ' ' || line[0] == '\t'))
		{
			if (inField) value += " " + Poco::trim(line);
			continue;
		}
		if (inField) break;
		std::size_t colon = line.find(':');
		if (colon != std::string::npos && Poco::icompare(Poco::trim(line.substr(0, colon)), name) == 0)
		{
			inField = true;
			value = Poco::trim(line.substr(colon + 1));
		}
	}
	return value;
}

} } // namespace mailbridge::service
