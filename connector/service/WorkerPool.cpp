#include "connector/service/WorkerPool.h"

#include <Poco/Event.h>
#include <Poco/Runnable.h>

#include <algorithm>
#include <map>
#include <set>

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
		std::set<MailboxWorker*> ready; // a socket of theirs is readable
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
			for (auto& worker: gone)
			{
				ready.erase(worker.get());
				worker->shutdown();
			}
			gone.clear();

			Poco::Timespan rest(60, 0);
			for (MailboxWorker* worker: members)
			{
				if (_pool._stop) break;
				if (worker->stopping()) continue;
				if (worker->due() || ready.count(worker)) rest = std::min(rest, worker->step(0));
				else rest = std::min(rest, worker->untilDue());
			}
			ready.clear();
			if (rest <= 0 || _pool._stop) continue;

			// Every waiting connection is held in IDLE: wait on all of them
			// at once. A socket cannot be woken like the event, so the wait
			// is cut into ticks to see stop, add, remove and rescans.
			Poco::Net::Socket::SocketList sockets;
			std::map<Poco::Net::Socket, MailboxWorker*> owner;
			for (MailboxWorker* worker: members)
			{
				const std::size_t before = sockets.size();
				worker->waitSockets(sockets);
				for (std::size_t i = before; i < sockets.size(); ++i) owner[sockets[i]] = worker;
			}
			if (sockets.empty())
			{
				// Everyone is backing off or syncing soon: sleep until the
				// first one is due, or a worker is added or removed.
				_wake.tryWait(static_cast<long>(std::max<Poco::Timespan::TimeDiff>(1, rest.totalMilliseconds())));
				continue;
			}
			MailboxWorker::awaitReadable(sockets, std::min(rest, _pool._tick));
			for (const Poco::Net::Socket& socket: sockets)
			{
				auto it = owner.find(socket);
				if (it != owner.end()) ready.insert(it->second);
			}
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

WorkerPool::WorkerPool(std::vector<std::unique_ptr<MailboxWorker>> workers, int threads, Poco::Timespan tick, bool growable):
	_tick(std::min(std::max(tick, Poco::Timespan(0, 1000)), Poco::Timespan(0, 250000)))
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
