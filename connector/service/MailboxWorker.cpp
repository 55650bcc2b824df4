#include "connector/service/MailboxWorker.h"

#include "connector/common/Errors.h"
#include "connector/service/Logging.h"

#include <Poco/Format.h>

namespace mailbridge {
namespace service {

namespace {

// The pool steps many workers on a few threads, each wait a short slice, so
// the Sent connection is not given a thread of its own: it IDLEs briefly
// after each INBOX slice, from the same step. A change that comes while it
// is not IDLEing is announced by the server when the next IDLE begins, so
// nothing is missed; the cost is one IDLE/DONE per slice on that connection.
const Poco::Timespan SENT_GLANCE(0, 100000);

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
	Poco::FastMutex::ScopedLock lock(_pendingMutex);
	_pendingAddresses.insert(addresses.begin(), addresses.end());
}

void MailboxWorker::rescanPending()
{
	std::set<std::string> addresses;
	{
		Poco::FastMutex::ScopedLock lock(_pendingMutex);
		addresses.swap(_pendingAddresses);
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

Poco::Timespan MailboxWorker::step(Poco::Timespan slice)
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
			sync::MailboxReport report = _mailbox->syncAll();
			_backoff.reset();
			if (report.fetched || report.errors)
				_logger.information("synced %z messages, %z logged, %z errors%s", report.fetched, report.logged,
					report.errors, std::string(report.pending ? " (backfill continues)" : ""));
			_status.report(_name, MailboxState{report.pending ? "syncing" : "idle", "", report.logged, report.pending});
			if (!report.pending)
			{
				_phase = Phase::Waiting;
				_phaseSince.update();
			}
			return 0;
		}
		case Phase::Waiting:
		{
			rescanPending();
			if (_phaseSince.isElapsed(_timings.poll.totalMicroseconds()))
			{
				_phase = Phase::Syncing; // other folders are polled
				return 0;
			}
			Poco::Timespan left = _timings.poll - Poco::Timespan(_phaseSince.elapsed());
			if (_mailbox->waitForInbox(std::min(left, slice)))
				_phase = Phase::Syncing;
			else if (_sent && !_sentFolder.empty() && _sent->wait(_sentFolder, SENT_GLANCE))
				_phase = Phase::Syncing;
			return 0;
		}
		}
	}
	catch (const std::exception& exc)
	{
		fail(exc);
		return _rest;
	}
	return 0;
}

void MailboxWorker::run()
{
	while (!_stop)
	{
		Poco::Timespan rest = step(_timings.slice);
		if (rest > 0) pause(rest);
	}
	shutdown();
}

void MailboxWorker::shutdown()
{
	disconnect();
	_status.report(_name, MailboxState{"stopped", "", 0, false});
}

} } // namespace mailbridge::service
