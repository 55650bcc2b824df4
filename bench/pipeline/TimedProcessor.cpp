//
// TimedProcessor.cpp
//

#include "bench/pipeline/TimedProcessor.h"

namespace mailbridge {
namespace bench {

TimedProcessor::TimedProcessor(std::unique_ptr<sync::MessageProcessor> inner, StageClock& clock):
	_inner(std::move(inner)),
	_clock(clock)
{
}

std::vector<sync::MessageRecord> TimedProcessor::process(const sync::FolderContext& folder, std::vector<sync::FetchedMessage>& batch)
{
	StageClock::Scope t(_clock, "process", batch.size());
	return _inner->process(folder, batch);
}

} } // namespace mailbridge::bench
