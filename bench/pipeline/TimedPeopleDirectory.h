//
// TimedPeopleDirectory.h
//
// The people lookup with a stopwatch: one call per batch, timed as "people".
//

#ifndef MB_Bench_TimedPeopleDirectory_INCLUDED
#define MB_Bench_TimedPeopleDirectory_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "connector/sync/PeopleDirectory.h"

#include <memory>

namespace mailbridge {
namespace bench {

class TimedPeopleDirectory: public sync::PeopleDirectory
{
public:
	TimedPeopleDirectory(std::unique_ptr<sync::PeopleDirectory> inner, StageClock& clock);

	std::map<std::string, std::vector<sync::PersonRef>> find(const std::vector<std::string>& addresses) override;
	std::map<std::string, std::vector<sync::PersonRef>> findFor(const std::string& mailbox,
		const std::vector<std::string>& addresses) override;
		/// Passed on, so that several="owner" applies as in the daemon.

private:
	std::unique_ptr<sync::PeopleDirectory> _inner;
	StageClock& _clock;
};

} } // namespace mailbridge::bench

#endif
