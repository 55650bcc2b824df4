#include "connector/sync/Backoff.h"

#include <algorithm>

namespace mailbridge {
namespace sync {

Backoff::Backoff(Poco::Timespan first, Poco::Timespan max): _first(first), _max(max)
{
	_random.seed();
}

Poco::Timespan Backoff::next()
{
	Poco::Timespan::TimeDiff ceiling = _first.totalMicroseconds();
	for (int i = 0; i < _failures && ceiling < _max.totalMicroseconds(); ++i) ceiling *= 2;
	ceiling = std::min(ceiling, _max.totalMicroseconds());
	++_failures;
	const Poco::Timespan::TimeDiff floor = _first.totalMicroseconds();
	if (ceiling <= floor) return Poco::Timespan(floor);
	const Poco::UInt32 spread = static_cast<Poco::UInt32>(std::min<Poco::Timespan::TimeDiff>(ceiling - floor, 0x7fffffff));
	return Poco::Timespan(floor + _random.next(spread));
}

void Backoff::reset()
{
	_failures = 0;
}

} } // namespace mailbridge::sync
