//
// TimedActivityWriter.h
//
// The mapping's activity writer with a stopwatch: "insert" is the whole
// write() or writeBatch() (the body text read for the row included, see TimedContentSource).
//

#ifndef MB_Bench_TimedActivityWriter_INCLUDED
#define MB_Bench_TimedActivityWriter_INCLUDED

#include "bench/pipeline/StageClock.h"
#include "mapping/store/ActivityWriter.h"

#include <memory>

namespace mailbridge {
namespace bench {

class TimedActivityWriter: public mapping::ActivityWriter
{
public:
	TimedActivityWriter(std::unique_ptr<mapping::ActivityWriter> inner, StageClock& clock);

	std::string write(mapping::OdbcConnection& db, const mapping::ActivityRequest& request) override;
	std::vector<std::string> writeBatch(mapping::OdbcConnection& db, const std::vector<mapping::ActivityRequest>& requests) override;
	bool linkParent(mapping::OdbcConnection& db, const std::string& childKey, const std::string& parentKey) override;
	bool linkParents(mapping::OdbcConnection& db, const std::vector<std::pair<std::string, std::string>>& childToParent) override;

private:
	std::unique_ptr<mapping::ActivityWriter> _inner;
	StageClock& _clock;
};

} } // namespace mailbridge::bench

#endif
