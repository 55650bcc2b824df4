//
// StageClock.cpp
//

#include "bench/pipeline/StageClock.h"

namespace mailbridge {
namespace bench {

StageClock::Scope::Scope(StageClock& clock, const char* stage, std::uint64_t items):
	_clock(clock),
	_stage(stage),
	_items(items)
{
}

StageClock::Scope::~Scope()
{
	_clock.add(_stage, double(_start.elapsed()) / 1e6, _items);
}

void StageClock::add(const std::string& stage, double seconds, std::uint64_t items)
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	Stage& s = _stages[stage];
	s.seconds += seconds;
	++s.calls;
	s.items += items;
}

void StageClock::mark(const std::string& event)
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	_events.push_back(ClockEvent{event, Poco::Timestamp()});
}

void StageClock::reset()
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	_stages.clear();
	_events.clear();
}

Stage StageClock::stage(const std::string& name) const
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	auto it = _stages.find(name);
	return it == _stages.end() ? Stage() : it->second;
}

std::vector<ClockEvent> StageClock::events() const
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	return _events;
}

std::vector<ClockEvent> StageClock::eventsAfter(const Poco::Timestamp& since, const std::string& name) const
{
	Poco::FastMutex::ScopedLock lock(_mutex);
	std::vector<ClockEvent> out;
	for (const ClockEvent& e: _events)
		if (e.at >= since && e.name == name) out.push_back(e);
	return out;
}

} } // namespace mailbridge::bench
