#include "connector/service/MailboxWorker.h"

#include "connector/common/Errors.h"
#include "connector/service/Logging.h"
#include "connector/sync/Backoff.h"

#include <Poco/Format.h>

namespace mailbridge {
namespace service {

MailboxWorker::MailboxWorker(const std::string& name, const std::string& address, ClientFactory connect,
	StoreFactory openStore, ProcessorFactory makeProcessor, const sync::FolderSelection& selection,
	const sync::FolderSyncOptions& options, const WorkerTimings& timings, StatusSink& status):
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
	_logger(mailboxLogger(name))
{
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

void MailboxWorker::run()
{
	sync::Backoff transient(_timings.retryFirst, _timings.retryMax);
	while (!_stop)
	{
		try
		{
			_status.report(_name, MailboxState{"connecting", "", 0, false});
			std::unique_ptr<sync::SyncStore> store = _openStore();
			std::unique_ptr<sync::MessageProcessor> processor = _makeProcessor(*store);
			std::unique_ptr<sync::MailboxClient> client = _connect();
			sync::MailboxSync mailbox(*client, *store, *processor, _address, _selection, _options);
			_logger.information("connected; folders: %z", mailbox.plan().size());
			while (!_stop)
			{
				sync::MailboxReport report = mailbox.syncAll();
				transient.reset();
				if (report.fetched || report.errors)
					_logger.information("synced %z messages, %z logged, %z errors%s", report.fetched, report.logged,
						report.errors, std::string(report.pending ? " (backfill continues)" : ""));
				_status.report(_name, MailboxState{report.pending ? "syncing" : "idle", "", report.logged, report.pending});
				if (report.pending) continue;
				Poco::Timestamp waiting;
				while (!_stop && !waiting.isElapsed(_timings.poll.totalMicroseconds()))
				{
					Poco::Timespan left = _timings.poll - Poco::Timespan(waiting.elapsed());
					if (mailbox.waitForInbox(std::min(left, _timings.slice))) break;
				}
			}
		}
		catch (const std::exception& exc)
		{
			const Poco::Exception* poco = dynamic_cast<const Poco::Exception*>(&exc);
			const std::string text = poco ? poco->displayText() : std::string(exc.what());
			const FailureKind kind = classify(exc);
			if (kind == FailureKind::Mailbox || kind == FailureKind::Final)
			{
				_logger.error("mailbox stopped: %s; next try in %d minutes", text, int(_timings.parked.totalMinutes()));
				_status.report(_name, MailboxState{"stopped", text, 0, false});
				pause(_timings.parked);
			}
			else
			{
				Poco::Timespan delay = transient.next();
				_logger.warning("%s; reconnecting in %d s", text, int(delay.totalSeconds()));
				_status.report(_name, MailboxState{"backoff", text, 0, false});
				pause(delay);
			}
		}
	}
	_status.report(_name, MailboxState{"stopped", "", 0, false});
}

} } // namespace mailbridge::service
