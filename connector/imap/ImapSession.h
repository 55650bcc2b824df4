//
// ImapSession.h
//
// One IMAP connection: connect (plain, STARTTLS or implicit TLS), login,
// select, streaming UID FETCH, logout. Responses come from ResponseParser;
// untagged EXISTS/EXPUNGE/FETCH/VANISHED always update mailbox().
//

#ifndef MB_Imap_ImapSession_INCLUDED
#define MB_Imap_ImapSession_INCLUDED

#include "connector/imap/SelectedMailbox.h"
#include "connector/imap/protocol/ResponseParser.h"

#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace mailbridge {
namespace imap {

struct ImapSessionOptions
{
	enum Security { Plain, StartTls, ImplicitTls };
	std::string host = "127.0.0.1";
	unsigned short port = 143;
	Security security = StartTls;
	std::string caFile;                    ///< empty: the system store
	bool allowInsecure = false;            ///< allows a password without TLS (logged as a warning)
	Poco::Timespan connectTimeout = Poco::Timespan(15, 0);
	Poco::Timespan readTimeout = Poco::Timespan(60, 0);
	ParserLimits limits;
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
};

class ImapSession
{
public:
	explicit ImapSession(const ImapSessionOptions& options);
	~ImapSession();

	void connect();
		/// Connects, reads the greeting, upgrades with STARTTLS when asked.
		/// Throws ImapNetworkError (connect, TLS or greeting timeout),
		/// ImapSecurityError (certificate refused, STARTTLS not offered).

	void login(const std::string& user, const std::string& password);
		/// LOGIN. Throws ImapSecurityError before sending anything when the
		/// connection is not TLS and allowInsecure is off; ImapAuthError on NO.

	Response select(const std::string& mailbox, bool readOnly = false);
		/// SELECT/EXAMINE (name in UTF-8). Throws ImapCommandError on NO/BAD.

	void uidFetch(const UidSet& uids, const std::string& items, FetchHandler& handler);
		/// UID FETCH uids (items), streaming each message to handler.

	Response append(const std::string& mailbox, const std::string& flags, const std::string& message);
		/// APPEND message to mailbox (UTF-8 name) with flags like "(\\Seen)" or "".
		/// Uses LITERAL+ when offered. With UIDPLUS the reply's code is
		/// APPENDUID (code.number = UIDVALIDITY, code.uids = the new UID).
		/// Throws ImapCommandError on NO/BAD (TRYCREATE in the code).

	bool idle(Poco::Timespan wait);
		/// IDLE until EXISTS/EXPUNGE/FETCH/VANISHED arrives or `wait` passes,
		/// then DONE. Returns true when woken by a change (see mailbox()).
		/// The caller re-issues it; keep `wait` under 29 minutes (RFC 2177),
		/// 28 minutes is a good maximum. Throws ImapCommandError without IDLE.

	Response command(const std::string& text);
	Response command(const std::string& text, const std::function<void(const Response&)>& onUntagged);
		/// Same, handing every untagged response (LIST, SEARCH, EXISTS, ...) to onUntagged.
		/// Any command without literals ("NOOP", "ENABLE QRESYNC").
		/// Throws ImapCommandError on NO/BAD, ImapNetworkError on BYE or I/O.

	void logout();

	const std::set<std::string>& capabilities() const { return _caps; }
	bool hasCapability(const std::string& cap) const { return _caps.count(cap) != 0; }
	const SelectedMailbox& mailbox() const { return _mailbox; }
	bool secure() const { return _secure; }

private:
	Response readResponse();
	void send(const std::string& bytes);
	Response finish(const std::string& tag, const std::string& what, const std::function<void(const Response&)>& onUntagged);
	Response run(const std::string& text, const std::function<void(const Response&)>& onUntagged);
	void noteCapabilities(const Response& r);

	ImapSessionOptions _options;
	std::unique_ptr<Poco::Net::StreamSocket> _socket;
	ResponseParser _parser;
	SelectedMailbox _mailbox;
	std::set<std::string> _caps;
	unsigned _nextTag = 1;
	bool _secure = false;
};

} } // namespace mailbridge::imap

#endif
