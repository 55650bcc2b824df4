//
// TimedContentSource.h
//
// The MIME content source the activity writer reads body text and
// attachments from, with a stopwatch ("content").
//

#ifndef MB_Bench_TimedContentSource_INCLUDED
#define MB_Bench_TimedContentSource_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "mapping/store/MessageContent.h"

#include <memory>

namespace mailbridge {
namespace bench {

class TimedContentSource: public mapping::MessageContentSource
{
public:
	TimedContentSource(std::shared_ptr<const mapping::MessageContentSource> inner, StageClock& clock);

	mapping::MessageContent read(const sync::MessageRecord& record) const override;

private:
	std::shared_ptr<const mapping::MessageContentSource> _inner;
	StageClock& _clock;
};

} } // namespace mailbridge::bench

#endif
