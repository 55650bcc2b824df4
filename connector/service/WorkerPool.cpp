#include "connector/service/WorkerPool.h"

#include <Poco/Event.h>
#include <Poco/Runnable.h>

#include <algorithm>

namespace mailbridge {
namespace service {

class WorkerPool::Group: public Poco::Runnable
	/// One thread's workers. Membership changes under the mutex; stepping,
	/// logging out and deleting happen on the group's own thread, which owns
	/// the workers' connections.
{
public:
	Group(WorkerPool& pool): _pool(pool), _wake(Poco::Event::EVENT_AUTORESET) {}

	void add(std::unique_ptr<MailboxWorker> worker)
	{
		{
			Poco::FastMutex::ScopedLock lock(_mutex);
			_members.push_back(std::move(worker));
		}
		_wake.set();
	}

	bool retire(const std::string& address)
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		for (auto& worker: _members)
		{
			if (worker->address() == address && !worker->stopping())
			{
				worker->stop();
				_wake.set();
				return true;
			}
		}
		return false;
	}

	template <typename F>
	void forEach(F f) const
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		for (auto& worker: _members) f(*worker);
	}

	std::size_t size() const
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		return _members.size();
	}

	void wake() { _wake.set(); }

	void run() override
	{
		while (!_pool._stop)
		{
			// Stopped workers were removed from the pool: log them out here.
			std::vector<std::unique_ptr<MailboxWorker>> gone;
			std::vector<MailboxWorker*> members;
			{
				Poco::FastMutex::ScopedLock lock(_mutex);
				auto live = std::stable_partition(_members.begin(), _members.end(),
					[](const std::unique_ptr<MailboxWorker>& w) { return !w->stopping(); });
				for (auto it = live; it != _members.end(); ++it) gone.push_back(std::move(*it));
				_members.erase(live, _members.end());
				for (auto& worker: _members) members.push_back(worker.get());
			}
			for (auto& worker: gone) worker->shutdown();
			gone.clear();

			const Poco::Timespan slice = _pool._slice.totalMicroseconds() / Poco::Timespan::TimeDiff(std::max<std::size_t>(1, members.size()));
			Poco::Timespan rest = Poco::Timespan(60, 0);
			for (MailboxWorker* worker: members)
			{
				if (_pool._stop) break;
				if (worker->stopping()) continue;
				rest = std::min(rest, worker->step(slice));
			}
			// Everyone is backing off: sleep until the first one is due, or
			// a worker is added or removed.
			if (rest > 0 && !_pool._stop) _wake.tryWait(static_cast<long>(std::max<Poco::Timespan::TimeDiff>(1, rest.totalMilliseconds())));
		}
		// Connections belong to this thread: it logs them out.
		std::vector<MailboxWorker*> members;
		{
			Poco::FastMutex::ScopedLock lock(_mutex);
			for (auto& worker: _members) members.push_back(worker.get());
		}
		for (MailboxWorker* worker: members) worker->shutdown();
	}

private:
	WorkerPool& _pool;
	mutable Poco::FastMutex _mutex;
	std::vector<std::unique_ptr<MailboxWorker>> _members;
	Poco::Event _wake;
};

WorkerPool::WorkerPool(std::vector<std::unique_ptr<MailboxWorker>> workers, int threads, Poco::Timespan slice, bool growable):
	_slice(slice)
{
	const std::size_t wanted = static_cast<std::size_t>(std::max(1, threads));
	const std::size_t count = std::max<std::size_t>(1, growable ? wanted : std::min(wanted, workers.size()));
	for (std::size_t i = 0; i < count; ++i) _groups.emplace_back(new Group(*this));
	for (std::size_t i = 0; i < workers.size(); ++i) _groups[i % count]->add(std::move(workers[i]));
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
	for (auto& group: _groups)
	{
		group->forEach([](MailboxWorker& worker) { worker.stop(); });
		group->wake();
	}
	for (auto& thread: _threads) thread->join();
	_threads.clear();
}

void WorkerPool::add(std::unique_ptr<MailboxWorker> worker)
{
	Group* least = _groups.front().get();
	for (auto& group: _groups)
		if (group->size() < least->size()) least = group.get();
	if (_stop) worker->stop();
	least->add(std::move(worker));
}

bool WorkerPool::remove(const std::string& address)
{
	for (auto& group: _groups)
		if (group->retire(address)) return true;
	return false;
}

void WorkerPool::requestRescan(const std::vector<std::string>& addresses)
{
	for (auto& group: _groups)
		group->forEach([&](MailboxWorker& worker) { worker.requestRescan(addresses); });
}

std::vector<std::string> WorkerPool::addresses() const
{
	std::vector<std::string> out;
	for (auto& group: _groups)
		group->forEach([&](MailboxWorker& worker) { if (!worker.stopping()) out.push_back(worker.address()); });
	return out;
}

} } // namespace mailbridge::service
