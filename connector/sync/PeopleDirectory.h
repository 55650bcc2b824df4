//
// PeopleDirectory.h
//
// Who the addresses of a batch belong to, through the mapping's people
// tables. One call per batch, so a 500-message batch costs a few queries,
// not 500.
//

#ifndef MB_Sync_PeopleDirectory_INCLUDED
#define MB_Sync_PeopleDirectory_INCLUDED

#include "connector/sync/MessageRecord.h"
#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

class PeopleDirectory
{
public:
	virtual ~PeopleDirectory() = default;

	virtual std::map<std::string, std::vector<PersonRef>> find(const std::vector<std::string>& addresses) = 0;
		/// Addresses are comparison keys (trimmed, lowercased); the answer is
		/// keyed the same way and omits addresses nobody has. Throws
		/// TransientError when the database cannot be reached.

	virtual std::map<std::string, std::vector<PersonRef>> findFor(const std::string& /*mailbox*/,
		const std::vector<std::string>& addresses)
	{
		return find(addresses);
	}
		/// As find(), for mail of this mailbox: a directory may prefer the
		/// records its owner holds when several people share an address.
};

} } // namespace mailbridge::sync

#endif
