//
// InsertPlan.h
//
// The statements that insert one row into an ATS table and yield its key,
// in the order they run inside one transaction.
//

#ifndef MB_Mapping_InsertPlan_INCLUDED
#define MB_Mapping_InsertPlan_INCLUDED

#include "mapping/sql/SqlStatement.h"
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

struct InsertPlan
{
	enum KeySource
	{
		NoKey,         ///< nothing generated; the key, if any, is a column value
		BeforeInsert,  ///< the last statement of `before` yields a number; it is formatted and bound as keyColumn
		FromInsert,    ///< `insert` yields the key as a one-row result (RETURNING, OUTPUT INSERTED)
		AfterInsert,   ///< `after` yields the key (LAST_INSERT_ID(), last_insert_rowid())
		Generated      ///< mailbridge makes the value (a GUID) and binds it as keyColumn
	};

	KeySource keySource = NoKey;
	std::string keyColumn;
	std::vector<SqlStatement> before;  ///< e.g. sequence draw, or counters UPDATE then SELECT
	SqlStatement insert;
	SqlStatement after;                ///< empty text unless AfterInsert

	std::string toString() const;
		/// Every statement in order, separated by "-- then" lines; the golden-file form.
};

} } // namespace mailbridge::mapping

#endif
