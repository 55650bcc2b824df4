//
// OutboxService.h
//
// Polls every mailbox's outbound queue on one thread, about once a second
// (service outbox_poll_ms): an empty queue costs one indexed query per
// mailbox and no mail server connection. A poll that claimed rows is
// followed at once by the next, so a burst goes out batch after batch. A mailbox whose login is refused
// is parked; database or network trouble backs off, per mailbox.
//

#ifndef MB_Service_OutboxService_INCLUDED
#define MB_Service_OutboxService_INCLUDED

#include "connector/service/OutboxWorker.h"
#include "connector/sync/Backoff.h"

#include <Poco/Event.h>
#include <Poco/Runnable.h>
#include <Poco/Thread.h>

#include <atomic>
#include <memory>
#include <vector>

namespace mailbridge {
namespace service {

class OutboxService: public Poco::Runnable
{
public:
	OutboxService(std::vector<std::unique_ptr<OutboxWorker>> workers, Poco::Timespan poll,
		Poco::Timespan retryMax = Poco::Timespan(300, 0));
		/// Transient trouble backs off from 1 s to retryMax, per mailbox.
	~OutboxService();

	void start();
	void stop();
		/// Finishes the item in hand (each step is its own transaction) and
		/// closes every connection.

	std::size_t pollOnce(Poco::Timestamp now = Poco::Timestamp());
		/// One round over the mailboxes that are due; returns the items
		/// claimed. Never throws: failures are logged and backed off.

	void run() override;

private:
	struct Slot
	{
		explicit Slot(Poco::Timespan retryMax): backoff(Poco::Timespan(1, 0), retryMax) {}

		std::unique_ptr<OutboxWorker> worker;
		Poco::Timestamp due;
		sync::Backoff backoff;
	};

	std::vector<std::unique_ptr<Slot>> _slots;
	Poco::Timespan _poll;
	Poco::Thread _thread;
	Poco::Event _wake;
	std::atomic<bool> _stop{false};
};

} } // namespace mailbridge::service

#endif
