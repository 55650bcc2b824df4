//
// WorkerPool.h
//
// Runs many mailboxes on a bounded number of threads: each thread steps its
// share of the workers in turn, so an IDLE wait is a short slice rather than
// a blocked thread, and a mailbox in backoff costs nothing.
//

#ifndef MB_Service_WorkerPool_INCLUDED
#define MB_Service_WorkerPool_INCLUDED

#include "connector/service/MailboxWorker.h"

#include <Poco/Event.h>
#include <Poco/Thread.h>

#include <atomic>
#include <memory>
#include <vector>

namespace mailbridge {
namespace service {

class WorkerPool
{
public:
	WorkerPool(std::vector<std::unique_ptr<MailboxWorker>> workers, int threads, Poco::Timespan slice);
	~WorkerPool();

	void start();
	void stop();
		/// Asks every worker to stop and waits for the threads: each finishes
		/// (commits or rolls back) the batch it is in, then logs out.

	std::size_t threads() const { return _groups.size(); }

private:
	class Group;

	std::vector<std::unique_ptr<MailboxWorker>> _workers;
	std::vector<std::unique_ptr<Group>> _groups;
	std::vector<std::unique_ptr<Poco::Thread>> _threads;
	std::atomic<bool> _stop{false};
	Poco::Event _wake;
	Poco::Timespan _slice;
};

} } // namespace mailbridge::service

#endif
