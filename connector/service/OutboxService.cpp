#include "connector/service/OutboxService.h"
#include "connector/common/Errors.h"
#include "connector/service/Logging.h"

#include <algorithm>

namespace mailbridge {
namespace service {

namespace {

const Poco::Timespan PARKED(15 * 60, 0); // after a refused login, as for inbound

} // namespace

OutboxService::OutboxService(std::vector<std::unique_ptr<OutboxWorker>> workers, Poco::Timespan poll,
	Poco::Timespan retryMax):
	_poll(poll),
	_thread("mailbridge-outbox"),
	_wake(Poco::Event::EVENT_AUTORESET)
{
	for (auto& w: workers)
	{
		_slots.emplace_back(new Slot(std::max(Poco::Timespan(1, 0), retryMax)));
		_slots.back()->worker = std::move(w);
	}
}

OutboxService::~OutboxService()
{
	stop();
}

void OutboxService::start()
{
	_stop = false;
	_thread.start(*this);
}

void OutboxService::stop()
{
	_stop = true;
	_wake.set();
	if (_thread.isRunning()) _thread.join();
	for (auto& slot: _slots) slot->worker->close();
}

std::size_t OutboxService::pollOnce(Poco::Timestamp now)
{
	std::size_t claimed = 0;
	for (auto& owned: _slots)
	{
		Slot& slot = *owned;
		if (_stop) break;
		if (now < slot.due) continue;
		try
		{
			claimed += slot.worker->runOnce(now);
			slot.backoff.reset();
		}
		catch (const std::exception& exc)
		{
			Poco::Logger& log = mailboxLogger(slot.worker->mailbox());
			const FailureKind kind = classify(exc);
			if (kind == FailureKind::Mailbox || kind == FailureKind::Final)
			{
				slot.due = now + PARKED;
				log.error("outbox stopped: %s; next try in %d minutes", describe(exc), int(PARKED.totalMinutes()));
			}
			else
			{
				const Poco::Timespan delay = slot.backoff.next();
				slot.due = now + delay;
				log.warning("outbox: %s; next try in %d s", describe(exc), int(delay.totalSeconds()));
			}
		}
	}
	return claimed;
}

void OutboxService::run()
{
	while (!_stop)
	{
		// A poll that claimed rows is followed at once by another: the rest
		// of a burst (a poll claims one batch) and rows queued while these
		// were sent do not wait a whole interval after the work.
		if (pollOnce() > 0) continue;
		_wake.tryWait(static_cast<long>(_poll.totalMilliseconds()));
	}
}

} } // namespace mailbridge::service
