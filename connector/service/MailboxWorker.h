//
// MailboxWorker.h
//
// Keeps one mailbox in sync, 24/7: connect, sync every folder, wait on INBOX
// (held in IDLE) until a change or the poll interval, again. Transient failures reconnect with
// backoff and jitter; a refused login or a missing folder parks only this
// mailbox, with its status written, and is retried after a long pause, never
// in a hot loop.
//

#ifndef MB_Service_MailboxWorker_INCLUDED
#define MB_Service_MailboxWorker_INCLUDED

#include "connector/service/SentWatcher.h"
#include "connector/sync/Backoff.h"
#include "connector/sync/MailboxSync.h"

#include <Poco/Event.h>
#include <Poco/Net/Socket.h>
#include <Poco/Mutex.h>
#include <Poco/Logger.h>
#include <Poco/Runnable.h>

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace mailbridge {
namespace service {

struct MailboxState
	/// What the status table and `mailbridge status` show for a mailbox.
{
	std::string state;      ///< connecting, syncing, idle, backoff, stopped
	std::string lastError;  ///< empty when the last pass went well
	std::size_t logged = 0; ///< messages logged by the last pass
	bool pending = false;   ///< backfill still under way
};

class StatusSink
{
public:
	virtual ~StatusSink() = default;
	virtual void report(const std::string& mailbox, const MailboxState& state) = 0;
		/// Must not throw: status is best effort.
};

struct WorkerTimings
{
	Poco::Timespan poll = Poco::Timespan(60, 0);          ///< longest wait between passes
	Poco::Timespan tick = Poco::Timespan(0, 200000);      ///< run() looks at stop and rescans this often while in IDLE
	Poco::Timespan retryFirst = Poco::Timespan(1, 0);     ///< transient backoff starts here
	Poco::Timespan retryMax = Poco::Timespan(300, 0);     ///< and grows to this
	Poco::Timespan parked = Poco::Timespan(15 * 60, 0);   ///< after a MailboxError
};

class MailboxWorker: public Poco::Runnable
{
public:
	using ClientFactory = std::function<std::unique_ptr<sync::MailboxClient>()>;
	using StoreFactory = std::function<std::unique_ptr<sync::SyncStore>()>;
	using ProcessorFactory = std::function<std::unique_ptr<sync::MessageProcessor>(sync::SyncStore&)>;

	MailboxWorker(const std::string& name, const std::string& address, ClientFactory connect, StoreFactory openStore,
		ProcessorFactory makeProcessor, const sync::FolderSelection& selection, const sync::FolderSyncOptions& options,
		const WorkerTimings& timings, StatusSink& status, ClientFactory connectSent = ClientFactory());
		/// With `connectSent`, a second connection IDLEs on the Sent folder
		/// while the worker waits (see SentWatcher).

	void run() override;
		/// Until stop(). Never throws.

	Poco::Timespan step(Poco::Timespan wait = 0);
		/// One unit of work: connect, one sync pass, or, once waiting, a look
		/// at the connections held in IDLE (INBOX, and Sent when watched)
		/// that blocks at most `wait`. IDLE is begun once and held until a
		/// change, the poll interval, a rescan or its renewal; it is not
		/// re-issued per step. Returns how long this worker can be left
		/// alone: a backoff, the time until its next poll or renewal, or
		/// zero (step again at once). Never throws. A thread that steps many
		/// workers passes zero and waits on all their waitSockets() at once.

	bool waiting() const { return _phase == Phase::Waiting && _holding; }
		/// Its connections are held in IDLE: step() has work only when due()
		/// or one of waitSockets() is readable.

	bool due() const;
		/// step() has work now, whatever the sockets say: not waiting, stop
		/// or a rescan asked for, the poll or an IDLE renewal due, or a wait
		/// without a socket (looked at every untilDue()).

	Poco::Timespan untilDue() const;
		/// While waiting: how long until due() turns true by itself.

	void waitSockets(Poco::Net::Socket::SocketList& out) const;
		/// Appends the sockets of the connections held in IDLE.

	static void awaitReadable(Poco::Net::Socket::SocketList& sockets, Poco::Timespan timeout);
		/// Waits until one of `sockets` is readable or `timeout` passes, and
		/// leaves the readable ones. When the wait itself fails every socket
		/// is left, so each connection finds its own error.

	sync::MailboxReport runOnce();
		/// One connection and passes until nothing is pending, then returns
		/// (for `sync --once`). Throws what the pass throws.

	sync::RescanReport rescan(const sync::RescanScope& scope, const sync::FolderRescan::Progress& progress);
		/// One connection; every synced folder's messages in scope processed
		/// again, without duplicates (`backfill`). Throws what the rescan throws.

	void requestRescan(const std::vector<std::string>& addresses);
		/// Thread-safe. The next time this worker is connected and waiting,
		/// it visits its window's mail with these addresses again: a person
		/// was added to the ATS, or an email address changed.

	void stop();
		/// Asks run() to return; an in-flight batch is finished or rolled back
		/// first, since commits are never interrupted.

	void shutdown();
		/// Logs out, drops the database connection and reports "stopped".
		/// Called by the thread that stepped this worker, once it is done.

	bool stopping() const { return _stop; }

	const std::string& name() const { return _name; }
	const std::string& address() const { return _address; }

private:
	enum class Phase { Disconnected, Syncing, Waiting, Resting };

	bool pause(Poco::Timespan delay);
	void rescanPending();
	Poco::Timespan beginWaiting(Poco::Timespan wait);
	Poco::Timespan look(Poco::Timespan wait);
	bool pollDue() const;
	void fail(const std::exception& exc);
	void disconnect();

	std::string _name;
	std::string _address;
	ClientFactory _connect;
	StoreFactory _openStore;
	ProcessorFactory _makeProcessor;
	sync::FolderSelection _selection;
	sync::FolderSyncOptions _options;
	WorkerTimings _timings;
	StatusSink& _status;
	std::atomic<bool> _stop{false};
	Poco::FastMutex _pendingMutex;
	std::set<std::string> _pendingAddresses;
	std::atomic<bool> _rescanAsked{false};
	bool _holding = false;  ///< waiting, the INBOX wait (IDLE) begun
	Poco::Event _wake;
	Phase _phase = Phase::Disconnected;
	Poco::Timestamp _phaseSince;
	Poco::Timespan _rest;
	sync::Backoff _backoff;
	std::string _lastFailure;  ///< kept in the status row when the daemon stops
	std::unique_ptr<sync::SyncStore> _store;
	std::unique_ptr<sync::MessageProcessor> _processor;
	std::unique_ptr<sync::MailboxClient> _client;
	std::unique_ptr<sync::MailboxSync> _mailbox;
	Poco::Logger& _logger;
	std::unique_ptr<SentWatcher> _sent;  ///< null unless the Sent folder is watched
	std::string _sentFolder;             ///< its name, from this connection's plan
};

} } // namespace mailbridge::service

#endif
