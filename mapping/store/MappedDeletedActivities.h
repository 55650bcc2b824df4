//
// MappedDeletedActivities.h
//
// Which of the activities mailbridge wrote the ATS has since deleted or
// flagged for deletion, as the mapping's <deleted-activities> tells.
//

#ifndef MB_Mapping_MappedDeletedActivities_INCLUDED
#define MB_Mapping_MappedDeletedActivities_INCLUDED

#include "mapping/model/Mapping.h"
#include <set>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

class MappedDeletedActivities
{
public:
	MappedDeletedActivities(OdbcConnection& db, const Mapping& mapping);
		/// Throws Poco::NotFoundException without <deleted-activities>.

	std::set<std::string> deleted(const std::vector<std::string>& keys);
		/// The keys among `keys` whose row is flagged (column/value or
		/// filter), or gone when row-gone="yes". Asks in chunks of CHUNK
		/// keys. Throws DatabaseUnavailable, StatementError.

	static const std::size_t CHUNK = 100;

private:
	OdbcConnection& _db;
	const Mapping& _mapping;
};

} } // namespace mailbridge::mapping

#endif
