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

	static bool insertsRows(const KeySpec& key, const Dialect& dialect);
		/// Whether rows with this key generation can go in one multi-row
		/// insert: their keys are known before it (counter, guid, none; on
		/// PostgreSQL identity too, drawn from the column's sequence).
		/// Other identity and sequence keys come back one row at a time.

	InsertPlan activityInsertRows(std::size_t rows) const;
		/// As activityInsert(), for `rows` activities in one statement
		/// (Dialect::insertRows: parameters are the row's parameters repeated
		/// per row, bound by position). Counter keys: the increment adds
		/// parameter "counter_count" (= rows) and yields the last key drawn;
		/// the rows get the keys up to it in order. Identity (PostgreSQL): the
		/// values are drawn first (Dialect::identityValuesDraw) and bound with
		/// OVERRIDING SYSTEM VALUE. Throws ConfigError unless
		/// insertsRows(), Poco::InvalidArgumentException when the rows need
		/// more parameters than the dialect takes.

	SqlStatement activityParentUpdate() const;
		/// Sets the parent column (the one valued "parent-key") of an activity
		/// written before its parent: parameters "parent", then "key" (the
		/// activity's key column). Throws Poco::NotFoundException when the
		/// mapping has no parent column or no key column.
	SqlStatement activityParentUpdateRows(std::size_t n) const;
		/// activityParentUpdate for n activities in one statement: values
		/// key_<row> and parent_<row>. Throws as activityParentUpdate().

	InsertPlan documentInsert() const;
		/// As activityInsert(), for the documents table.

	InsertPlan personInsert(const PeopleTable& people) const;
		/// As activityInsert(), for a person created from an unknown sender
		/// (the table's <create>). Throws Poco::NotFoundException when the
		/// table has no <create>.

	SqlStatement usersSelect() const;
		/// -> user key, address column; with the users filter.

	SqlStatement usersSenders() const;
		/// -> user key, address column, display name (NULL without a
		/// display-name-column); with the users filter. Who sends as whom.

	SqlStatement activityDeletedSelect(std::size_t keys) const;
		/// k1..kn -> activity key, 1 when <deleted-activities> says the row
		/// is deleted (its column/value or filter), else 0, for those of the
		/// keys that still exist. Throws Poco::NotFoundException without
		/// <deleted-activities>.

	SqlStatement outboundSelect(std::size_t limit, std::size_t offset = 0) const;
		/// Up to `limit` queue rows after the first `offset`, in key order
		/// -> the key column, then the mapped fields
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
	InsertPlan insertPlan(const std::string& table, const KeySpec& key, const std::vector<ValueExpression>& columns,
		std::size_t rows = 0) const;
		///< rows = 0: one row; else a multi-row insert with keys drawn before it.

	const Mapping& _mapping;
	Dialect _dialect;
};

} } // namespace mailbridge::mapping

#endif
