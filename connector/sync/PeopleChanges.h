//
// PeopleChanges.h
//
// Notices addresses that are new in the ATS's people tables between two
// polls: a candidate added, or an email changed. Their mail already in the
// mailboxes was passed over as "no person" and must be visited again.
//

#ifndef MB_Sync_PeopleChanges_INCLUDED
#define MB_Sync_PeopleChanges_INCLUDED

#include <set>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

class PeopleChanges
{
public:
	std::vector<std::string> update(const std::vector<std::string>& addresses);
		/// Takes every address the people tables hold now (comparison keys)
		/// and returns those that were not there at the previous call, sorted.
		/// The first call only learns the baseline and returns nothing: mail
		/// of people known at start-up was handled by the sync itself.

	bool primed() const { return _primed; }
	std::size_t size() const { return _known.size(); }

private:
	std::set<std::string> _known;
	bool _primed = false;
};

} } // namespace mailbridge::sync

#endif
