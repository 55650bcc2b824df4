#include "connector/sync/PeopleChanges.h"

namespace mailbridge {
namespace sync {

std::vector<std::string> PeopleChanges::update(const std::vector<std::string>& addresses)
{
	std::set<std::string> now(addresses.begin(), addresses.end());
	std::vector<std::string> added;
	if (_primed)
	{
		for (const std::string& a: now)
			if (!_known.count(a)) added.push_back(a);
	}
	// Removed addresses are simply forgotten: if they come back, their mail
	// is visited again and the ledger keeps it from being logged twice.
	_known.swap(now);
	_primed = true;
	return added;
}

} } // namespace mailbridge::sync
