//
// MailboxClient.h
//
// What the sync engine needs from a mailbox server. The engine sees only this
// interface, never a socket: the IMAP adapter lives in the service layer and
// the engine's tests use an in-memory fake.
//

#ifndef MB_Sync_MailboxClient_INCLUDED
#define MB_Sync_MailboxClient_INCLUDED

#include "connector/sync/MessageIdentity.h"

#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

enum class FolderRole
{
	Inbox,
	Sent,
	Trash,
	Junk,
	Drafts,
	All,      ///< Gmail's All Mail: holds copies of everything, never synced by default
	Other
};

const char* toString(FolderRole role);

struct FolderEntry
{
	std::string name;  ///< The server's name, decoded to UTF-8.
	FolderRole role = FolderRole::Other;
	bool selectable = true;
};

struct FolderSnapshot
	/// What opening (EXAMINE) a folder told us.
{
	std::uint32_t uidValidity = 0;
	std::uint32_t uidNext = 0;        ///< 0 when the server did not say.
	std::uint32_t exists = 0;
	std::uint64_t highestModSeq = 0;  ///< 0 without CONDSTORE (or NOMODSEQ).
	std::vector<std::uint32_t> vanished;
		/// UIDs expunged since the cursor's modseq (QRESYNC), when asked for.
};

struct PreparedMessage;  // MessageProcessor.h

struct FetchedMessage
{
	std::uint32_t uid = 0;
	Poco::Timestamp internalDate;
	std::uint64_t size = 0;
	std::string raw;       ///< The whole message (BODY.PEEK[]).
	bool missing = false;  ///< BODY[] NIL or EXPUNGEISSUED: the server had no body for it.
	std::shared_ptr<PreparedMessage> prepared;
		///< MessageProcessor::prepare's work on the bytes alone (parse, hash),
		///< done on the thread that fetched ahead; null when not done.
};

class WaitHandle
	/// What a held wait can be waited on. Opaque to the engine: the service
	/// layer, which owns the threads and the sockets, knows the concrete kind
	/// and waits on many connections' handles at once.
{
public:
	virtual ~WaitHandle() = default;
};

class MailboxClient
{
public:
	virtual ~MailboxClient() = default;

	virtual std::vector<FolderEntry> folders() = 0;
		/// The folders with their roles (SPECIAL-USE, or INBOX by name).

	virtual FolderSnapshot open(const std::string& folder, std::uint32_t knownUidValidity, std::uint64_t knownModSeq) = 0;
		/// Opens the folder read-only. With QRESYNC and a known UIDVALIDITY and
		/// modseq, the snapshot lists the UIDs vanished since then.
		/// Throws MailboxError when the folder does not exist.

	virtual std::vector<std::uint32_t> search(std::uint32_t fromUid, std::uint32_t toUid, const Poco::Timestamp* since) = 0;
		/// The UIDs present in [fromUid, toUid] (toUid 0 means "*"), limited to
		/// messages received on or after *since when given, ascending. Never
		/// returns a UID outside the range (the "n:*" answer is filtered here).

	virtual std::vector<std::uint32_t> searchDates(const Poco::Timestamp& since, const Poco::Timestamp& before) = 0;
		/// The UIDs of messages received on or after `since` and before
		/// `before` (whole days, as IMAP SEARCH compares dates), ascending:
		/// what a backfill over a date range visits again.

	virtual std::vector<std::uint32_t> searchAddresses(const std::vector<std::string>& addresses, const Poco::Timestamp& since) = 0;
		/// The UIDs of messages received on or after `since` with any of the
		/// addresses in From, To, Cc or Bcc, ascending. May return more (the
		/// server matches substrings); the processor matches exactly.

	virtual void fetch(const std::vector<std::uint32_t>& uids, const std::function<void(FetchedMessage&)>& onMessage) = 0;
		/// Fetches whole messages without setting \Seen (BODY.PEEK[]).
		/// onMessage is called once for every UID the server answered for; a
		/// UID it did not answer for (expunged meanwhile) is simply absent.

	virtual void fetchIdentities(const std::vector<std::uint32_t>& uids, const std::function<void(const MessageIdentity&)>& onMessage) = 0;
		/// UID, INTERNALDATE, RFC822.SIZE and the Message-ID header only: what
		/// UIDVALIDITY reconciliation compares with the ledger.

	virtual bool waitForChange(Poco::Timespan timeout) = 0;
		/// Waits (IDLE, or a poll) until the open folder changes or the timeout
		/// passes. Returns true when something changed.

	virtual bool beginWait() { return false; }
		/// Starts waiting for a change to the open folder and returns at once;
		/// with IDLE the connection stays in IDLE until endWait(), however
		/// long the wait. Returns true when a change is already known (the
		/// wait is still to be ended). The default starts nothing: checkWait()
		/// asks waitForChange().

	virtual bool checkWait(Poco::Timespan timeout) { return waitForChange(timeout); }
		/// During a wait: true when the folder changed, waiting at most
		/// `timeout` for it (zero: only what has already arrived). A held
		/// IDLE about to reach the server's limit is renewed here.

	virtual bool endWait() { return false; }
		/// Ends the wait (IDLE's DONE); other commands may follow. True when
		/// a change arrived meanwhile.

	virtual const WaitHandle* waitHandle() const { return nullptr; }
		/// While a wait is begun: what to wait on when many connections wait
		/// at once; checkWait(0) has work when it is ready. Null: call
		/// checkWait() now and then instead.
};

} } // namespace mailbridge::sync

#endif
