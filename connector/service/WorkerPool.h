//
// WorkerPool.h
//
// Runs many mailboxes on a bounded number of threads. Each thread steps its
// share of the workers in turn; those waiting hold their connections in IDLE
// and the thread waits on all their sockets at once, so a waiting mailbox
// costs no command and a mailbox in backoff costs nothing. Workers can be
// added and removed while it runs (users added to or removed from the ATS).
//

#ifndef MB_Service_WorkerPool_INCLUDED
#define MB_Service_WorkerPool_INCLUDED

#include "connector/service/MailboxWorker.h"

#include <Poco/Mutex.h>
#include <Poco/Thread.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace service {

class WorkerPool
{
public:
	WorkerPool(std::vector<std::unique_ptr<MailboxWorker>> workers, int threads, Poco::Timespan tick = Poco::Timespan(0, 200000),
		bool growable = false);
		/// At most `threads` threads, and no more than there are workers
		/// unless `growable` (workers will be added later). A thread waiting
		/// on sockets looks at stop(), add(), remove() and rescans at least
		/// every `tick` (at most 250 ms).
	~WorkerPool();

	void start();
	void stop();
		/// Asks every worker to stop and waits for the threads: each finishes
		/// (commits or rolls back) the batch it is in, then logs out.

	void add(std::unique_ptr<MailboxWorker> worker);
		/// Thread-safe. The worker joins the thread with the fewest workers.

	bool remove(const std::string& address);
		/// Thread-safe. Stops the worker of this mailbox address; its thread
		/// logs it out after the batch in flight and drops it. False when no
		/// worker has this address.

	void requestRescan(const std::vector<std::string>& addresses);
		/// Thread-safe: MailboxWorker::requestRescan on every worker.

	std::vector<std::string> addresses() const;
		/// The mailbox addresses of the workers running or about to.

	std::size_t threads() const { return _groups.size(); }

private:
	class Group;

	std::vector<std::unique_ptr<Group>> _groups;
	std::vector<std::unique_ptr<Poco::Thread>> _threads;
	std::atomic<bool> _stop{false};
	Poco::Timespan _tick;
};

} } // namespace mailbridge::service

#endif
