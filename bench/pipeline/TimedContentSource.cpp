//
// TimedContentSource.cpp
//

#include "bench/pipeline/TimedContentSource.h"

namespace mailbridge {
namespace bench {

TimedContentSource::TimedContentSource(std::shared_ptr<const mapping::MessageContentSource> inner, StageClock& clock):
	_inner(std::move(inner)),
	_clock(clock)
{
}

mapping::MessageContent TimedContentSource::read(const sync::MessageRecord& record) const
{
	StageClock::Scope t(_clock, "content", 1);
	return _inner->read(record);
}

} } // namespace mailbridge::bench
