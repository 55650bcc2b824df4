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

void TimedProcessor::prepare(sync::FetchedMessage& message) const
{
	// On the thread that fetches the next batch, beside the commit.
	StageClock::Scope t(_clock, "prepare.ahead", 1);
	_inner->prepare(message);
}

std::vector<sync::MessageRecord> TimedProcessor::process(const sync::FolderContext& folder, std::vector<sync::FetchedMessage>& batch)
{
	StageClock::Scope t(_clock, "process", batch.size());
	for (sync::FetchedMessage& message: batch)
	{
		if (message.prepared) continue;
		StageClock::Scope p(_clock, "prepare.inline", 1);
		_inner->prepare(message);
	}
	return _inner->process(folder, batch);
}

} } // namespace mailbridge::bench
