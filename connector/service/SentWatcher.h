//
// SentWatcher.h
//
// A second connection to a mailbox that EXAMINEs the Sent folder and holds it
// in IDLE, so mail sent from a phone or webmail is logged at once instead of
// at the next poll. Optional: on any failure it drops the connection, the
// poll goes on, and it reconnects after the mailbox's backoff.
//

#ifndef MB_Service_SentWatcher_INCLUDED
#define MB_Service_SentWatcher_INCLUDED

#include "connector/sync/Backoff.h"
#include "connector/sync/MailboxClient.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace mailbridge {
namespace service {

class SentWatcher
{
public:
	using ClientFactory = std::function<std::unique_ptr<sync::MailboxClient>()>;

	SentWatcher(ClientFactory connect, Poco::Timespan retryFirst, Poco::Timespan retryMax, Poco::Logger& logger);

	bool begin(const std::string& folder, std::uint32_t uidValidity, std::uint32_t lastUid);
		/// Makes sure `folder` is watched: connects and EXAMINEs it when
		/// needed (unless resting after a failure) and holds the connection
		/// in IDLE. `uidValidity` and `lastUid` are where the sync left the
		/// folder (zero: not synced yet). Returns true when the folder has
		/// mail the sync has not seen: a change already announced, a UIDNEXT
		/// past `lastUid` when the watch opens (mail appended between the
		/// sync pass and the watch), or the watch back after a failure.
		/// Never throws: a failure is logged, the connection dropped and the
		/// next try put off by the backoff.

	bool check(Poco::Timespan timeout);
		/// True when the watched folder changed; waits at most `timeout`
		/// (zero: only what has arrived). The IDLE stays held. Never throws,
		/// as begin().

	const sync::WaitHandle* waitHandle() const;
		/// What the held IDLE can be waited on; null when not watching.

	void close();
		/// Logs out, if connected.

	bool watching() const { return _client != nullptr; }

	Poco::Timespan untilRetry() const;
		/// Not watching: how long until begin() tries again (zero: at once).

private:
	void failed(const std::exception& exc);

	ClientFactory _connect;
	sync::Backoff _backoff;
	Poco::Logger& _logger;
	std::unique_ptr<sync::MailboxClient> _client;
	std::string _folder;
	bool _held = false;
	bool _failed = false;
	Poco::Timestamp _failedAt;
	Poco::Timespan _rest;
};

} } // namespace mailbridge::service

#endif
