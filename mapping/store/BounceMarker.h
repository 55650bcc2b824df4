//
// BounceMarker.h
//
// Marks a person's address bad when a delivery status notification says
// mail to it failed, through the mapping's <bounce> action, inside the
// store's transaction.
//

#ifndef MB_Mapping_BounceMarker_INCLUDED
#define MB_Mapping_BounceMarker_INCLUDED

#include "connector/sync/MessageRecord.h"
#include "mapping/model/Mapping.h"
#include "mapping/sql/MappingSql.h"

namespace mailbridge {
namespace mapping {

class OdbcConnection;

class BounceMarker
{
public:
	BounceMarker(const Mapping& mapping, const Dialect& dialect);
		/// The mapping must have a bounce action (Mapping::bounce.present).

	bool mark(OdbcConnection& db, const sync::PersonRef& person);
		/// Sets the bounce column on the rows of the person's table holding
		/// the failed address (person.address). Returns false when the
		/// action does not cover that table. Throws StatementError or
		/// DatabaseUnavailable.

private:
	const Mapping& _mapping;
	MappingSql _sql;
};

} } // namespace mailbridge::mapping

#endif
