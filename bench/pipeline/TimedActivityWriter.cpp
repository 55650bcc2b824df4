//
// TimedActivityWriter.cpp
//

#include "bench/pipeline/TimedActivityWriter.h"

namespace mailbridge {
namespace bench {

TimedActivityWriter::TimedActivityWriter(std::unique_ptr<mapping::ActivityWriter> inner, StageClock& clock):
	_inner(std::move(inner)),
	_clock(clock)
{
}

std::string TimedActivityWriter::write(mapping::OdbcConnection& db, const mapping::ActivityRequest& request)
{
	StageClock::Scope t(_clock, "insert", 1);
	return _inner->write(db, request);
}

std::vector<std::string> TimedActivityWriter::writeBatch(mapping::OdbcConnection& db,
	const std::vector<mapping::ActivityRequest>& requests)
{
	StageClock::Scope t(_clock, "insert", requests.size());
	return _inner->writeBatch(db, requests);
}

bool TimedActivityWriter::linkParent(mapping::OdbcConnection& db, const std::string& childKey, const std::string& parentKey)
{
	StageClock::Scope t(_clock, "link", 1);
	return _inner->linkParent(db, childKey, parentKey);
}

bool TimedActivityWriter::linkParents(mapping::OdbcConnection& db,
	const std::vector<std::pair<std::string, std::string>>& childToParent)
{
	StageClock::Scope t(_clock, "link", childToParent.size());
	return _inner->linkParents(db, childToParent);
}

} } // namespace mailbridge::bench
