//
// FiledWatcher.cpp
//

#include "bench/outbox/FiledWatcher.h"
#include "mapping/store/ParamBinder.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

#include <chrono>
#include <iostream>

namespace mailbridge {
namespace bench {

FiledWatcher::FiledWatcher(const std::string& connectionString, Poco::Timespan interval):
	_db(connectionString),
	_interval(interval)
{
	_thread = std::thread([this] { run(); });
}

FiledWatcher::~FiledWatcher()
{
	_stop = true;
	_thread.join();
}

void FiledWatcher::watch(std::int64_t id)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_rows.emplace(id, Seen()).second) ++_open;
}

bool FiledWatcher::waitLogged(Poco::Timespan timeout)
{
	std::unique_lock<std::mutex> lock(_mutex);
	return _done.wait_for(lock, std::chrono::microseconds(timeout.totalMicroseconds()), [this] { return _open == 0; });
}

std::map<std::int64_t, FiledWatcher::Seen> FiledWatcher::seen() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _rows;
}

void FiledWatcher::run()
{
	while (!_stop)
	{
		try
		{
			pollOnce();
		}
		catch (const std::exception& exc)
		{
			std::cerr << "watcher: " << exc.what() << std::endl;
		}
		std::this_thread::sleep_for(std::chrono::microseconds(_interval.totalMicroseconds()));
	}
}

void FiledWatcher::pollOnce()
{
	std::int64_t lowest = -1;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		for (const auto& r: _rows)
		{
			if (r.second.logged == 0 && !r.second.failed)
			{
				lowest = r.first;
				break;
			}
		}
	}
	if (lowest < 0) return;
	Poco::Data::Statement stmt(_db.session());
	stmt << "SELECT id, state FROM mb_outbox WHERE id >= " + std::to_string(lowest) +
		" AND state IN ('sending', 'accepted', 'filed', 'logged', 'failed')";
	stmt.execute();
	const Poco::Timestamp now;
	++_polls;
	Poco::Data::RecordSet rs(stmt);
	std::lock_guard<std::mutex> lock(_mutex);
	for (bool more = rs.moveFirst(); more; more = rs.moveNext())
	{
		auto it = _rows.find(rs.value(0).convert<Poco::Int64>());
		if (it == _rows.end()) continue;
		Seen& s = it->second;
		if (s.logged != 0 || s.failed) continue;
		const std::string state = Poco::trimRight(rs.value(1).convert<std::string>());
		s.states.emplace(state, now);
		if (state == "sending" || state == "accepted") continue;
		if (state == "failed")
		{
			s.failed = true;
			--_open;
			continue;
		}
		if (s.filed == 0) s.filed = now;
		if (state == "logged")
		{
			s.logged = now;
			--_open;
		}
	}
	if (_open == 0) _done.notify_all();
}

} } // namespace mailbridge::bench
