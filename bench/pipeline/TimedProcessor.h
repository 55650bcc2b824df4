//
// TimedProcessor.h
//
// The inbound processor (hash, parse, policy, one people lookup per batch)
// with a stopwatch over each batch ("process") and over the hash and parse
// of each message: "prepare.ahead" on the thread that fetched it ahead,
// "prepare.inline" inside "process" when nothing fetched it ahead.
//

#ifndef MB_Bench_TimedProcessor_INCLUDED
#define MB_Bench_TimedProcessor_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "connector/sync/MessageProcessor.h"

#include <memory>

namespace mailbridge {
namespace bench {

class TimedProcessor: public sync::MessageProcessor
{
public:
	TimedProcessor(std::unique_ptr<sync::MessageProcessor> inner, StageClock& clock);

	void prepare(sync::FetchedMessage& message) const override;
	std::vector<sync::MessageRecord> process(const sync::FolderContext& folder, std::vector<sync::FetchedMessage>& batch) override;

private:
	std::unique_ptr<sync::MessageProcessor> _inner;
	StageClock& _clock;
};

} } // namespace mailbridge::bench

#endif
