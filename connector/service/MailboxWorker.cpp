#include "connector/service/MailboxWorker.h"

#include "connector/common/Errors.h"
#include "connector/service/Logging.h"
#include "connector/service/SocketWaitHandle.h"

#include <Poco/Format.h>

namespace mailbridge {
namespace service {

namespace {

// A wait without a socket to wait on (a poll without IDLE, a test's fake) is
// looked at this often.
const Poco::Timespan UNWATCHED_LOOK(0, 100000);

void logReconciled(Poco::Logger& logger, const sync::MailboxReport& report)
	/// A UIDVALIDITY change (or UIDNEXT going back) is rare enough that the
	/// operator should hear of each one; one that looks like another folder
	/// is a warning.
{
	for (const auto& folder: report.folders)
	{
		const sync::FolderSyncReport& r = folder.second;
		if (!r.reconciled) continue;
		const std::string what = r.uidValidityWas == r.uidValidityNow
			? Poco::format("UIDNEXT went back (UIDs reused under UIDVALIDITY %u)", r.uidValidityNow)
			: Poco::format("UIDVALIDITY changed from %u to %u", r.uidValidityWas, r.uidValidityNow);
		if (r.looksLikeNewFolder)
			logger.warning("%s: %s, and only %z of %z ledger rows match a message there (Message-ID, date and size): "
				"it looks like another folder (an account replaced or restored?). Its messages are synced as new; "
				"those already logged are known by their Message-ID and not written again; %z ledger rows marked gone",
				folder.first, what, r.rekeyed, r.ledgerRows, r.ledgerGone);
		else
			logger.information("%s: %s; %z of %z ledger rows matched (Message-ID, date and size) and re-keyed, %z no longer there",
				folder.first, what, r.rekeyed, r.ledgerRows, r.ledgerGone);
	}
}

} // namespace

MailboxWorker::MailboxWorker(const std::string& name, const std::string& address, ClientFactory connect,
	StoreFactory openStore, ProcessorFactory makeProcessor, const sync::FolderSelection& selection,
	const sync::FolderSyncOptions& options, const WorkerTimings& timings, StatusSink& status,
	ClientFactory connectSent):
	_name(name),
	_address(address),
	_connect(std::move(connect)),
	_openStore(std::move(openStore)),
	_makeProcessor(std::move(makeProcessor)),
	_selection(selection),
	_options(options),
	_timings(timings),
	_status(status),
	_wake(Poco::Event::EVENT_AUTORESET),
	_backoff(timings.retryFirst, timings.retryMax),
	_logger(mailboxLogger(name))
{
	// SIGTERM (stop()) ends a long backfill between batches, not after it.
	_options.shouldStop = [this] { return _stop.load(); };
	if (connectSent) _sent.reset(new SentWatcher(std::move(connectSent), timings.retryFirst, timings.retryMax, _logger));
}

void MailboxWorker::stop()
{
	_stop = true;
	_wake.set();
}

bool MailboxWorker::pause(Poco::Timespan delay)
{
	if (_stop) return false;
	_wake.tryWait(static_cast<long>(delay.totalMilliseconds()));
	return !_stop;
}

sync::MailboxReport MailboxWorker::runOnce()
{
	std::unique_ptr<sync::SyncStore> store = _openStore();
	std::unique_ptr<sync::MessageProcessor> processor = _makeProcessor(*store);
	std::unique_ptr<sync::MailboxClient> client = _connect();
	sync::MailboxSync mailbox(*client, *store, *processor, _address, _selection, _options);
	sync::MailboxReport total;
	for (int pass = 0; pass < 100000 && !_stop; ++pass)
	{
		sync::MailboxReport report = mailbox.syncAll();
		logReconciled(_logger, report);
		total.fetched += report.fetched;
		total.logged += report.logged;
		total.errors += report.errors;
		total.folders = report.folders;
		total.pending = report.pending;
		if (!report.pending) break;
	}
	return total;
}

sync::RescanReport MailboxWorker::rescan(const sync::RescanScope& scope, const sync::FolderRescan::Progress& progress)
{
	std::unique_ptr<sync::SyncStore> store = _openStore();
	std::unique_ptr<sync::MessageProcessor> processor = _makeProcessor(*store);
	std::unique_ptr<sync::MailboxClient> client = _connect();
	sync::MailboxSync mailbox(*client, *store, *processor, _address, _selection, _options);
	return mailbox.rescan(scope, progress);
}

void MailboxWorker::requestRescan(const std::vector<std::string>& addresses)
{
	{
		Poco::FastMutex::ScopedLock lock(_pendingMutex);
		_pendingAddresses.insert(addresses.begin(), addresses.end());
	}
	if (!addresses.empty()) _rescanAsked = true;
}

void MailboxWorker::rescanPending()
{
	std::set<std::string> addresses;
	{
		Poco::FastMutex::ScopedLock lock(_pendingMutex);
		addresses.swap(_pendingAddresses);
		_rescanAsked = false;
	}
	if (addresses.empty()) return;
	sync::RescanScope scope;
	scope.since = _options.windowStart;
	scope.before = Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0);
	scope.addresses.assign(addresses.begin(), addresses.end());
	try
	{
		sync::RescanReport report = _mailbox->rescan(scope, {});
		_logger.information("new or changed people (%z addresses): %z messages visited again, %z logged",
			addresses.size(), report.fetched, report.logged);
	}
	catch (...)
	{
		// Kept for the next connection: the work is not lost with it.
		requestRescan(std::vector<std::string>(addresses.begin(), addresses.end()));
		throw;
	}
}

void MailboxWorker::disconnect()
{
	// The mailbox goes first: it refers to the client, store and processor.
	_holding = false;
	_mailbox.reset();
	if (_sent) _sent->close();
	_client.reset();
	_processor.reset();
	_store.reset();
}

void MailboxWorker::fail(const std::exception& exc)
{
	disconnect();
	const std::string text = describe(exc);
	_lastFailure = text;
	const FailureKind kind = classify(exc);
	if (kind == FailureKind::Mailbox || kind == FailureKind::Final)
	{
		_rest = _timings.parked;
		_logger.error("mailbox stopped: %s; next try in %d minutes", text, int(_timings.parked.totalMinutes()));
		_status.report(_name, MailboxState{"stopped", text, 0, false});
	}
	else
	{
		_rest = _backoff.next();
		_logger.warning("%s; reconnecting in %d s", text, int(_rest.totalSeconds()));
		_status.report(_name, MailboxState{"backoff", text, 0, false});
	}
	_phase = Phase::Resting;
	_phaseSince.update();
}

Poco::Timespan MailboxWorker::step(Poco::Timespan wait)
{
	try
	{
		switch (_phase)
		{
		case Phase::Resting:
			if (!_phaseSince.isElapsed(_rest.totalMicroseconds()))
				return _rest - Poco::Timespan(_phaseSince.elapsed());
			_phase = Phase::Disconnected;
			return 0;
		case Phase::Disconnected:
			_status.report(_name, MailboxState{"connecting", "", 0, false});
			_store = _openStore();
			_processor = _makeProcessor(*_store);
			_client = _connect();
			_mailbox.reset(new sync::MailboxSync(*_client, *_store, *_processor, _address, _selection, _options));
			_logger.information("connected; folders: %z", _mailbox->plan().size());
			_sentFolder.clear();
			for (const sync::PlannedFolder& folder : _mailbox->plan())
				if (folder.role == sync::FolderRole::Sent) _sentFolder = folder.name;
			_phase = Phase::Syncing;
			return 0;
		case Phase::Syncing:
		{
			// The Sent watch stays in IDLE through the pass (the pass syncs
			// Sent anyway); reading it here keeps its renewal on time.
			if (_sent) _sent->check(0);
			sync::MailboxReport report = _mailbox->syncAll();
			_backoff.reset();
			logReconciled(_logger, report);
			if (report.fetched || report.errors)
				_logger.information("synced %z messages, %z logged, %z errors%s", report.fetched, report.logged,
					report.errors, std::string(report.pending ? " (backfill continues)" : ""));
			_lastFailure.clear();
			_status.report(_name, MailboxState{report.pending ? "syncing" : "idle", "", report.logged, report.pending});
			if (!report.pending)
			{
				_phase = Phase::Waiting;
				_phaseSince.update();
			}
			return 0;
		}
		case Phase::Waiting:
			return _holding ? look(wait) : beginWaiting(wait);
		}
	}
	catch (const std::exception& exc)
	{
		fail(exc);
		return _rest;
	}
	return 0;
}

bool MailboxWorker::pollDue() const
{
	// Other folders are polled; so is INBOX without IDLE.
	return _phaseSince.isElapsed(_timings.poll.totalMicroseconds());
}

Poco::Timespan MailboxWorker::beginWaiting(Poco::Timespan wait)
{
	rescanPending();
	if (pollDue())
	{
		_phase = Phase::Syncing;
		return 0;
	}
	bool changed = _mailbox->beginInboxWait();
	_holding = true;
	if (!changed && _sent && !_sentFolder.empty())
	{
		std::uint32_t uidValidity = 0, lastUid = 0;
		if (!_sent->watching())
		{
			// Where the pass left Sent: mail appended after it and before the
			// watch's EXAMINE must not wait for the next poll.
			sync::FolderCursor cursor = _store->loadCursor(sync::FolderKey{_address, _sentFolder});
			uidValidity = cursor.uidValidity;
			lastUid = cursor.lastUid;
		}
		changed = _sent->begin(_sentFolder, uidValidity, lastUid);
	}
	if (changed)
	{
		_holding = false;
		_client->endWait();
		_phase = Phase::Syncing;
		return 0;
	}
	return look(wait);
}

Poco::Timespan MailboxWorker::look(Poco::Timespan wait)
{
	const sync::WaitHandle* inbox = _client->waitHandle();
	if (wait > 0)
	{
		wait = std::min(wait, untilDue());
		Poco::Net::Socket::SocketList sockets;
		waitSockets(sockets);
		if (!sockets.empty() && wait > 0) awaitReadable(sockets, wait);
	}
	// Without a socket the client's own checkWait does the waiting.
	bool changed = _client->checkWait(inbox ? Poco::Timespan(0) : wait);
	if (_sent && !_sentFolder.empty())
	{
		if (_sent->watching()) changed = _sent->check(0) || changed;
		else if (_sent->untilRetry() <= 0) changed = _sent->begin(_sentFolder, 0, 0) || changed;
	}
	const bool poll = pollDue();
	if (changed || poll || _rescanAsked || _stop)
	{
		_holding = false;
		if (_client->endWait()) changed = true;
		if (changed || poll) _phase = Phase::Syncing;
		return 0;
	}
	return untilDue();
}

bool MailboxWorker::due() const
{
	if (_stop || !waiting() || _rescanAsked) return true;
	if (!_client->waitHandle()) return true;
	return untilDue() <= 0;
}

Poco::Timespan MailboxWorker::untilDue() const
{
	if (!waiting()) return 0;
	const Poco::Timestamp now;
	Poco::Timespan left = _timings.poll - Poco::Timespan(_phaseSince.elapsed());
	auto until = [&](const sync::WaitHandle* handle) {
		const SocketWaitHandle* s = dynamic_cast<const SocketWaitHandle*>(handle);
		if (!s) left = std::min(left, UNWATCHED_LOOK);
		else left = std::min(left, Poco::Timespan(s->due() - now));
	};
	until(_client->waitHandle());
	if (_sent && !_sentFolder.empty())
	{
		if (_sent->watching()) until(_sent->waitHandle());
		else left = std::min(left, _sent->untilRetry());
	}
	return left > 0 ? left : Poco::Timespan(0);
}

void MailboxWorker::waitSockets(Poco::Net::Socket::SocketList& out) const
{
	if (!waiting()) return;
	if (auto s = dynamic_cast<const SocketWaitHandle*>(_client->waitHandle())) out.push_back(s->socket());
	if (_sent)
		if (auto s = dynamic_cast<const SocketWaitHandle*>(_sent->waitHandle())) out.push_back(s->socket());
}

void MailboxWorker::awaitReadable(Poco::Net::Socket::SocketList& sockets, Poco::Timespan timeout)
{
	Poco::Net::Socket::SocketList all = sockets, none, failed;
	try
	{
		Poco::Net::Socket::select(sockets, none, failed, timeout);
	}
	catch (Poco::Exception&)
	{
		sockets = all;
	}
}

void MailboxWorker::run()
{
	while (!_stop)
	{
		Poco::Timespan rest = step(_timings.tick);
		if (rest > 0 && !waiting()) pause(rest);
	}
	shutdown();
}

void MailboxWorker::shutdown()
{
	disconnect();
	// A mailbox stopped by a bad password keeps saying so after the daemon
	// stops: `mailbridge status` is where an admin looks for the reason.
	_status.report(_name, MailboxState{"stopped", _lastFailure, 0, false});
}

} } // namespace mailbridge::service
