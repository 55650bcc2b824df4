#include "connector/service/WorkerPool.h"

#include <Poco/Runnable.h>

#include <algorithm>

namespace mailbridge {
namespace service {

class WorkerPool::Group: public Poco::Runnable
{
public:
	Group(WorkerPool& pool): _pool(pool) {}

	void add(MailboxWorker* worker) { _members.push_back(worker); }

	void run() override
	{
		const Poco::Timespan slice = _pool._slice.totalMicroseconds() / Poco::Timespan::TimeDiff(std::max<std::size_t>(1, _members.size()));
		while (!_pool._stop)
		{
			Poco::Timespan rest = Poco::Timespan(60, 0);
			for (MailboxWorker* worker: _members)
			{
				if (_pool._stop) break;
				rest = std::min(rest, worker->step(slice));
			}
			// Everyone is backing off: sleep until the first one is due.
			if (rest > 0) _pool._wake.tryWait(static_cast<long>(std::max<Poco::Timespan::TimeDiff>(1, rest.totalMilliseconds())));
		}
		// Connections belong to this thread: it logs them out.
		for (MailboxWorker* worker: _members) worker->shutdown();
	}

private:
	WorkerPool& _pool;
	std::vector<MailboxWorker*> _members;
};

WorkerPool::WorkerPool(std::vector<std::unique_ptr<MailboxWorker>> workers, int threads, Poco::Timespan slice):
	_workers(std::move(workers)),
	_wake(Poco::Event::EVENT_MANUALRESET),
	_slice(slice)
{
	const std::size_t count = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads)), _workers.size()));
	for (std::size_t i = 0; i < count; ++i) _groups.emplace_back(new Group(*this));
	for (std::size_t i = 0; i < _workers.size(); ++i) _groups[i % count]->add(_workers[i].get());
}

WorkerPool::~WorkerPool()
{
	stop();
}

void WorkerPool::start()
{
	for (std::size_t i = 0; i < _groups.size(); ++i)
	{
		_threads.emplace_back(new Poco::Thread("mailbridge-" + std::to_string(i)));
		_threads.back()->start(*_groups[i]);
	}
}

void WorkerPool::stop()
{
	_stop = true;
	for (auto& worker: _workers) worker->stop();
	_wake.set();
	for (auto& thread: _threads) thread->join();
	_threads.clear();
}

} } // namespace mailbridge::service
