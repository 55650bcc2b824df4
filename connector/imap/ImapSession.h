//
// ImapSession.h
//
// One IMAP connection: connect (plain, STARTTLS or implicit TLS), login or
// AUTHENTICATE, typed commands, streaming and pipelined UID FETCH, IDLE,
// logout. Responses come from ResponseParser; untagged EXISTS/EXPUNGE/
// VANISHED and FETCH that no running command asked for update mailbox().
//

#ifndef MB_Imap_ImapSession_INCLUDED
#define MB_Imap_ImapSession_INCLUDED

#include "connector/imap/CommandResults.h"
#include "connector/imap/Credentials.h"
#include "connector/imap/SelectedMailbox.h"
#include "connector/imap/protocol/CommandFormatter.h"
#include "connector/imap/protocol/ResponseParser.h"

#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

enum class TraceDirection
{
	Sent,      ///< a command line (secrets shown as ***, literals as {N bytes})
	Received,  ///< a response line (literals shown as {N bytes})
	Note       ///< the session's own remark (e.g. a password about to go out without TLS)
};

struct ImapSessionOptions
{
	enum Security { Plain, StartTls, ImplicitTls };
	std::string host = "127.0.0.1";
	unsigned short port = 143;
	Security security = StartTls;
	std::string caFile;                    ///< empty: the system store
	bool allowInsecure = false;            ///< allows a password without TLS (logged as a warning)
	Poco::Timespan connectTimeout = Poco::Timespan(15, 0);
	Poco::Timespan greetingTimeout = Poco::Timespan(30, 0);  ///< greeting, STARTTLS and the TLS handshake
	Poco::Timespan loginTimeout = Poco::Timespan(60, 0);     ///< any one read while logging in
	Poco::Timespan readTimeout = Poco::Timespan(60, 0);      ///< any one read otherwise
	Poco::Timespan maxIdle = Poco::Timespan(28 * 60, 0);     ///< longest IDLE before DONE (RFC 2177: under 29 min)
	ParserLimits limits;
	std::function<void(TraceDirection, const std::string&)> trace;
		///< The protocol as it goes, line by line; never passwords, tokens or literal bodies.
};

class FetchHandler
	/// Receives a UID FETCH's messages as they arrive.
{
public:
	virtual ~FetchHandler() = default;
	virtual LiteralSink* bodySink(std::uint32_t seq, std::uint64_t size) = 0;
		/// A body literal of `size` bytes starts for message `seq`; return the
		/// sink to stream it into, or null to keep it in FetchData (bounded).
	virtual void message(const FetchData& data) = 0;
		/// One FETCH response is complete (its sunk literals have ended).
		/// A UID outside the requested set can arrive (n:* returns the last
		/// message even below n): the handler decides whether to drop it.
		/// A section with nil set is a message expunged under our feet.
};

class ImapSession
{
public:
	explicit ImapSession(const ImapSessionOptions& options);
	~ImapSession();

	void connect();
		/// Connects, reads the greeting, upgrades with STARTTLS when asked.
		/// Throws ImapNetworkError (connect or TLS failure), ImapTimeoutError
		/// (no greeting), ImapSecurityError (certificate refused, STARTTLS
		/// not offered).

	void login(const std::string& user, const std::string& password);
		/// login(Credentials) with Credentials::Auto.

	void login(const Credentials& credentials);
		/// Authenticates with the mechanism asked for; Auto takes AUTHENTICATE
		/// PLAIN when AUTH=PLAIN is offered, else LOGIN. The initial response
		/// goes with the command when SASL-IR is offered. Throws
		/// ImapSecurityError before sending anything when the connection is
		/// not TLS and allowInsecure is off; ImapAuthError when refused
		/// (ImapOAuthError with the server's JSON for a refused token);
		/// ImapUnsupportedError when the mechanism is not offered or
		/// LOGINDISABLED forbids LOGIN; ImapTimeoutError after loginTimeout.

	const std::set<std::string>& capability();
		/// CAPABILITY, asked again.

	std::set<std::string> enable(const std::vector<std::string>& extensions);
		/// ENABLE (RFC 5161); returns what the server enabled. Nothing is sent
		/// when ENABLE is not offered.

	std::map<std::string, std::string> id(const std::map<std::string, std::string>& fields);
		/// ID (RFC 2971) with our fields; returns the server's. Nothing is sent
		/// when ID is not offered.

	NamespaceInfo personalNamespace();
		/// NAMESPACE: the first personal namespace's prefix and delimiter.

	std::vector<ListEntry> list(const std::string& reference, const std::string& pattern);
		/// LIST (names in UTF-8, decoded from modified UTF-7), asking for
		/// special-use attributes when LIST-EXTENDED and SPECIAL-USE are offered.

	StatusResult status(const std::string& mailbox, const std::vector<std::string>& items = {});
		/// STATUS; by default MESSAGES UIDNEXT UIDVALIDITY UNSEEN, plus
		/// HIGHESTMODSEQ with CONDSTORE. Throws ImapCommandError on NO/BAD.

	Response select(const std::string& mailbox, bool readOnly = false);
		/// SELECT/EXAMINE (name in UTF-8). Throws ImapCommandError on NO/BAD.

	SelectResult select(const std::string& mailbox, const SelectOptions& options);
		/// SELECT/EXAMINE with QRESYNC when the options carry a UIDVALIDITY and
		/// MODSEQ and the server offers it (ENABLE QRESYNC is sent first when
		/// needed), else with CONDSTORE when asked and offered, else plain.
		/// Throws ImapCommandError on NO/BAD.

	UidSet uidSearch(const std::string& criteria);
		/// UID SEARCH criteria (as IMAP writes them); RETURN (ALL) with ESEARCH.
		/// Criteria with non-ASCII text go with CHARSET UTF-8, the text as a
		/// literal. Throws ImapCommandError on NO/BAD (BADCHARSET in the code).

	void uidFetch(const UidSet& uids, const std::string& items, FetchHandler& handler);
		/// UID FETCH uids (items), streaming each message to handler.

	FetchResult uidFetch(const UidSet& uids, const std::string& items, FetchHandler& handler, const FetchModifiers& modifiers);
		/// Same, with CHANGEDSINCE (only when CONDSTORE is offered) and
		/// VANISHED (only once QRESYNC is enabled). A tagged NO [EXPUNGEISSUED]
		/// is not an error: see FetchResult. Throws ImapCommandError on other
		/// NO/BAD.

	FetchResult uidFetchPipelined(const std::vector<UidSet>& ranges, const std::string& items, FetchHandler& handler,
		std::size_t maxInFlight = 4, const FetchModifiers& modifiers = FetchModifiers());
		/// One UID FETCH per range, at most maxInFlight of them sent ahead of
		/// their replies. FETCH responses without a UID of the ranges, EXISTS,
		/// EXPUNGE and VANISHED go to mailbox(). When a command fails, the
		/// others in flight are read to their end before ImapCommandError.

	void uidStore(const UidSet& uids, const std::string& action, const std::vector<std::string>& flags);
		/// UID STORE uids action (flags), e.g. action "+FLAGS.SILENT".

	CopyResult uidCopy(const UidSet& uids, const std::string& mailbox);
		/// UID COPY; COPYUID typed when the server has UIDPLUS.

	CopyResult uidMove(const UidSet& uids, const std::string& mailbox);
		/// UID MOVE when offered; else UID COPY, STORE \Deleted and UID EXPUNGE
		/// of exactly these UIDs. Throws ImapUnsupportedError without MOVE and
		/// without UIDPLUS: a plain EXPUNGE would remove other messages too.

	void uidExpunge(const UidSet& uids);
		/// UID EXPUNGE (UIDPLUS). Throws ImapUnsupportedError without UIDPLUS.

	bool noop();
		/// NOOP; true when the server reported a change to the mailbox.

	Response append(const std::string& mailbox, const std::string& flags, const std::string& message);
		/// APPEND message to mailbox (UTF-8 name) with flags like "(\\Seen)" or "".
		/// Uses LITERAL+ when offered. With UIDPLUS the reply's code is
		/// APPENDUID (code.number = UIDVALIDITY, code.uids = the new UID).
		/// Throws ImapCommandError on NO/BAD (TRYCREATE in the code).

	AppendResult append(const std::string& mailbox, const std::string& message, const std::vector<std::string>& flags,
		const std::string& internalDate);
		/// Same, with flags as a list and an internal date (dateTime() in
		/// Quoting.h, or "" for none); APPENDUID typed.

	bool idle(Poco::Timespan wait);
		/// IDLE until EXISTS/EXPUNGE/FETCH/VANISHED arrives or `wait` passes,
		/// then DONE. Returns true when woken by a change (see mailbox()).
		/// `wait` is capped at options.maxIdle (28 minutes by default), so a
		/// caller re-issuing it stays under the 29 minutes of RFC 2177.
		/// Throws ImapCommandError without IDLE. Built on the three calls below.

	bool beginIdle();
		/// Sends IDLE and reads up to the server's continuation, then returns
		/// without waiting: the connection is held in IDLE until endIdle().
		/// Returns true when a change has already arrived (the caller still
		/// ends the IDLE). Throws ImapCommandError when IDLE is refused,
		/// ImapNetworkError on BYE or I/O.

	bool pollIdle();
		/// While in IDLE: handles the responses that have arrived and returns
		/// without waiting for more (call it when socket() is readable, or
		/// any time). Returns true when one was a change. Throws
		/// ImapNetworkError on BYE or a closed connection, ImapProtocolError
		/// on a response that does not parse, ImapTimeoutError when a read
		/// that began stalls for IDLE_READ_SECONDS (or options.readTimeout,
		/// if shorter).

	static const int IDLE_READ_SECONDS = 5;
		/// The longest pollIdle() waits for the rest of what the socket
		/// showed as readable (a TLS record in parts) before ImapTimeoutError.

	bool endIdle();
		/// Sends DONE and reads to the tagged OK. Returns true when a change
		/// arrived meanwhile (it will not be announced again).

	bool idling() const { return !_idleTag.empty(); }
	Poco::Timestamp idleSince() const { return _idleSince; }
	Poco::Timespan maxIdle() const { return _options.maxIdle; }

	const Poco::Net::Socket& socket() const;
		/// The connection's socket, for waiting on many sessions at once
		/// (Poco::Net::Socket::select). Readable means pollIdle() has work.
		/// Throws ImapNetworkError when not connected.

	Response command(const std::string& text);
	Response command(const std::string& text, const std::function<void(const Response&)>& onUntagged);
		/// Same, handing every untagged response (LIST, SEARCH, EXISTS, ...) to onUntagged.
		/// Any command without literals ("NOOP", "ENABLE QRESYNC").
		/// Throws ImapCommandError on NO/BAD, ImapNetworkError on BYE or I/O.

	void logout();

	const std::set<std::string>& capabilities() const { return _caps; }
	bool hasCapability(const std::string& cap) const { return _caps.count(cap) != 0; }
	const std::set<std::string>& enabled() const { return _enabled; }
	const SelectedMailbox& mailbox() const { return _mailbox; }
	bool secure() const { return _secure; }

private:
	using Claim = std::function<bool(const Response&)>;
		/// Sees an untagged response during a command; returns true when the
		/// response belongs to the command (then mailbox() does not see it).

	std::string nextTag(char prefix);
	Response readResponse();
	void feed(const char* data, std::size_t size);
	void send(const std::string& bytes, const std::string& traceText);
	void untagged(const Response& r, const Claim& claim, bool logout = false);
	Response await(const std::string& tag, const Claim& claim, bool logout = false);
	Response finish(const std::string& tag, const std::string& what, const Claim& claim);
	Response run(const std::string& text, const Claim& claim);
	Response execute(const std::string& tag, const CommandFormatter& cmd, const std::string& what, const Claim& claim);
	Response appendCommand(const std::string& mailbox, const std::string& flags, const std::string& date, const std::string& message);
	void authenticate(const std::string& mechanism, const std::string& initial, const std::string& abortReply);
	void loginCommand(const std::string& user, const std::string& password);
	void afterLogin(const Response& ok);
	void noteCapabilities(const Response& r);
	void setReadTimeout(Poco::Timespan timeout);
	LiteralMode literalMode() const;
	static std::string mailboxArgument(const std::string& utf8);
	static CopyResult copyResult(const ResponseCode& code);

	ImapSessionOptions _options;
	std::unique_ptr<Poco::Net::StreamSocket> _socket;
	ResponseParser _parser;
	SelectedMailbox _mailbox;
	std::set<std::string> _caps;
	std::set<std::string> _enabled;
	std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> _seenUidNext; ///< mailbox -> (UIDVALIDITY, UIDNEXT)
	unsigned _nextTag = 1;
	bool _secure = false;
	std::string _idleTag;       ///< the IDLE in progress, if any
	Poco::Timestamp _idleSince;
};

} } // namespace mailbridge::imap

#endif
