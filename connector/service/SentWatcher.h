//
// SentWatcher.h
//
// A second connection to a mailbox that EXAMINEs the Sent folder and IDLEs
// on it, so mail sent from a phone or webmail is logged at once instead of at
// the next poll. Optional: on any failure it drops the connection, the poll
// goes on, and it reconnects after the mailbox's backoff.
//

#ifndef MB_Service_SentWatcher_INCLUDED
#define MB_Service_SentWatcher_INCLUDED

#include "connector/sync/Backoff.h"
#include "connector/sync/MailboxClient.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

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

	bool wait(const std::string& folder, Poco::Timespan timeout);
		/// Connects and EXAMINEs `folder` when needed (unless resting after a
		/// failure), then IDLEs on it for at most `timeout`. Returns true when
		/// the folder changed, or when the watch is back after a failure (mail
		/// may have come in unseen). Never throws: a failure is logged, the
		/// connection dropped and the next try put off by the backoff.

	void close();
		/// Logs out, if connected.

	bool watching() const { return _client != nullptr; }

private:
	ClientFactory _connect;
	sync::Backoff _backoff;
	Poco::Logger& _logger;
	std::unique_ptr<sync::MailboxClient> _client;
	std::string _folder;
	bool _failed = false;
	Poco::Timestamp _failedAt;
	Poco::Timespan _rest;
};

} } // namespace mailbridge::service

#endif
