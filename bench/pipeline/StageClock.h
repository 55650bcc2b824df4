//
// StageClock.h
//
// Where a pipeline run spends its time: seconds and calls per named stage,
// and the moments of a few events (IDLE woken, batch committed) so that a
// delivery's latency can be split afterwards. Shared by the worker's thread
// and the benchmark's, hence the lock.
//

#ifndef MB_Bench_StageClock_INCLUDED
#define MB_Bench_StageClock_INCLUDED

#include <Poco/Mutex.h>
#include <Poco/Timestamp.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace bench {

struct Stage
{
	double seconds = 0;
	std::uint64_t calls = 0;
	std::uint64_t items = 0;  ///< messages or addresses the calls carried
};

struct ClockEvent
{
	std::string name;
	Poco::Timestamp at;
};

class StageClock
{
public:
	class Scope
		/// Adds the time from construction to destruction to a stage.
	{
	public:
		Scope(StageClock& clock, const char* stage, std::uint64_t items = 0);
		~Scope();

	private:
		StageClock& _clock;
		const char* _stage;
		std::uint64_t _items;
		Poco::Timestamp _start;
	};

	void add(const std::string& stage, double seconds, std::uint64_t items = 0);
	void mark(const std::string& event);
	void reset();

	Stage stage(const std::string& name) const;
	std::vector<ClockEvent> events() const;
	std::vector<ClockEvent> eventsAfter(const Poco::Timestamp& since, const std::string& name) const;

private:
	mutable Poco::FastMutex _mutex;
	std::map<std::string, Stage> _stages;
	std::vector<ClockEvent> _events;
};

} } // namespace mailbridge::bench

#endif
