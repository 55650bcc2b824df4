//
// TimedPeopleDirectory.cpp
//

#include "bench/pipeline/TimedPeopleDirectory.h"

namespace mailbridge {
namespace bench {

TimedPeopleDirectory::TimedPeopleDirectory(std::unique_ptr<sync::PeopleDirectory> inner, StageClock& clock):
	_inner(std::move(inner)),
	_clock(clock)
{
}

std::map<std::string, std::vector<sync::PersonRef>> TimedPeopleDirectory::find(const std::vector<std::string>& addresses)
{
	StageClock::Scope t(_clock, "people", addresses.size());
	return _inner->find(addresses);
}

std::map<std::string, std::vector<sync::PersonRef>> TimedPeopleDirectory::findFor(const std::string& mailbox,
	const std::vector<std::string>& addresses)
{
	StageClock::Scope t(_clock, "people", addresses.size());
	return _inner->findFor(mailbox, addresses);
}

} } // namespace mailbridge::bench
