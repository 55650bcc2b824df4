//
// MappingSql.h
//
// SQL on the ATS's own tables, generated from the validated mapping: one
// function per statement kind, like postgres_fdw's deparse.c. Only names
// that passed MappingValidator go into the text, quoted for the dialect;
// every value is a '?' parameter. Pure.
//

#ifndef MB_Mapping_MappingSql_INCLUDED
#define MB_Mapping_MappingSql_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/sql/Dialect.h"
#include "mapping/sql/InsertPlan.h"
#include "mapping/sql/SqlStatement.h"
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class MappingSql
{
public:
	MappingSql(const Mapping& mapping, const Dialect& dialect);

	const Dialect& dialect() const;

	SqlStatement peopleLookup(const PeopleTable& people, std::size_t addresses) const;
		/// The people whose email columns hold any of `addresses` comparison
		/// keys, with the table's filter. Parameters: "a1".."aN" (the keys,
		/// lowercased and trimmed) for single-valued columns, "p1".."pN" (LIKE
		/// patterns "%;key;%" with the column's separator) for multi-valued
		/// ones, whatever the column's separator; a multi-valued match must be
		/// confirmed by splitting the value.
		/// Result columns: the key columns, the display name, the owner column
		/// (if mapped), the do-not-log column (if mapped), every email
		/// column in mapping order, then with several="newest" the newest-column.

	SqlStatement peopleAddresses(const PeopleTable& people) const;
		/// Every email column of the table's rows (with its filter), for
		/// noticing people added or changed in the ATS. No parameters.

	InsertPlan activityInsert() const;
		/// The activity insert for the mapping's key generation. Parameters
		/// are the target column names (and the key column for
		/// BeforeInsert / Generated). Counter keys: parameter "counter_name";
		/// the increment reads the value back itself where the dialect can
		/// (UPDATE ... RETURNING, OUTPUT INSERTED), else a SELECT follows it.
		/// Throws ConfigError when the dialect cannot read the key back
		/// (identity on Oracle: use a sequence) or has no sequences.

	SqlStatement activityParentUpdate() const;
		/// Sets the parent column (the one valued "parent-key") of an activity
		/// written before its parent: parameters "parent", then "key" (the
		/// activity's key column). Throws Poco::NotFoundException when the
		/// mapping has no parent column or no key column.

	InsertPlan documentInsert() const;
		/// As activityInsert(), for the documents table.

	InsertPlan personInsert(const PeopleTable& people) const;
		/// As activityInsert(), for a person created from an unknown sender
		/// (the table's <create>). Throws Poco::NotFoundException when the
		/// table has no <create>.

	SqlStatement usersSelect() const;
		/// -> user key, address column; with the users filter.

	SqlStatement outboundSelect(std::size_t limit) const;
		/// Up to `limit` queue rows -> the key column, then the mapped fields
		/// in mapping order. A query queue is wrapped as a derived table.

	SqlStatement outboundMark(const std::string& state) const;
		/// "sending", "sent" or "failed". Generated: parameters "value",
		/// then "message_id" / "reason" when mapped, then "id". Written by the
		/// DBA: its :id, :message_id and :reason become '?' in order.
		/// Throws Poco::NotFoundException when the state is not mapped.

	SqlStatement bounceUpdate(const PeopleTable& people) const;
		/// Marks the people with this address bad. Parameters: "value", then
		/// "a1" per single-valued email column, "p1" per multi-valued one.

	std::string emailMatchExpression(const EmailColumn& email) const;
		/// LOWER(TRIM(col)) or, for a multi-valued column,
		/// ';' || LOWER(REPLACE(col, ' ', '')) || ';' (spelled for the dialect;
		/// a ',' separator is turned into ';').

private:
	InsertPlan insertPlan(const std::string& table, const KeySpec& key, const std::vector<ValueExpression>& columns) const;

	const Mapping& _mapping;
	Dialect _dialect;
};

} } // namespace mailbridge::mapping

#endif
