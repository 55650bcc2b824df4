//
// PreparedStatement.h
//
// A generated statement prepared once and run many times with new values:
// each '?' has a slot of a fixed type, so a batch of activities costs one
// prepare per statement kind, not one per row. Plain ODBC calls: Poco's
// statement looked up every parameter's type and size again on each run,
// which was a quarter of the writer's time. The arguments given to
// SQLBindParameter are the ones Poco gives, worked out once.
//

#ifndef MB_Mapping_PreparedStatement_INCLUDED
#define MB_Mapping_PreparedStatement_INCLUDED

#include "mapping/sql/SqlStatement.h"
#include "mapping/store/ValueEvaluator.h"
#include <Poco/Data/Session.h>
#include <Poco/UTFString.h>
#include <sql.h>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class PreparedStatement
{
public:
	PreparedStatement(Poco::Data::Session& session, const SqlStatement& sql,
		const std::vector<std::pair<std::string, BoundValue>>& values, bool yieldsValue);
		/// Prepares sql with one slot per '?', typed after the value of the
		/// same name (a NULL gets a text slot). With yieldsValue the first
		/// column of the statement's one row is read by value(). Throws
		/// Poco::NotFoundException for a parameter without a value.

	PreparedStatement(Poco::Data::Session& session, const SqlStatement& sql,
		const std::vector<const BoundValue*>& positional, bool yieldsValue);
		/// As above, with one value per '?' in order (a multi-row insert,
		/// whose parameter names repeat per row). Throws
		/// Poco::InvalidArgumentException when the counts differ.

	bool accepts(const std::vector<std::pair<std::string, BoundValue>>& values) const;
		/// Whether every value fits its slot's type (NULL fits any): else a
		/// statement with other slot types is needed.

	void set(const std::vector<std::pair<std::string, BoundValue>>& values);
		/// Fills every parameter's slot from the value of the same name.
		/// Throws Poco::NotFoundException for a parameter without a value.

	bool accepts(const std::vector<const BoundValue*>& positional) const;
	void set(const std::vector<const BoundValue*>& positional);
		/// As above, one value per '?' in order.

	~PreparedStatement();

	std::size_t execute();
		/// Runs the statement; returns the rows affected. Throws
		/// DatabaseUnavailable, DatabaseBusy or StatementError as
		/// OdbcConnection::translate() does.

	std::string value() const;
		/// The first column of the row the last execute() yielded ("" for NULL).

	const SqlStatement& sql() const;

	static void toUtf16(const std::string& utf8, Poco::UTF16String& out);
		/// UTF-8 to UTF-16 (surrogate pairs above U+FFFF); a byte that does not
		/// start a valid, shortest-form sequence becomes U+FFFD.

private:
	typedef std::vector<std::pair<std::string, BoundValue>> Named;
	std::vector<const BoundValue*> byPosition(const Named& values) const;
		/// Throws Poco::NotFoundException for a parameter without a value.
	const std::string* positions(const Named& values, std::vector<const BoundValue*>& out) const;
		/// As byPosition(); returns the first parameter without a value
		/// instead of throwing (nullptr when every one has a value).
	void typeSlots(const std::vector<const BoundValue*>& positional);
	void bind(std::size_t i);
	void check(SQLRETURN rc);
	void closeAfter(SQLRETURN rc);  ///< check(), closing the cursor when it throws

	PreparedStatement(const PreparedStatement&) = delete;
	PreparedStatement& operator=(const PreparedStatement&) = delete;

	struct Slot
	{
		BoundValue::Type type = BoundValue::Null;
		bool null = true;
		Poco::UTF16String text;
		Poco::Int64 integer = 0;
		SQL_TIMESTAMP_STRUCT timestamp{};
		std::string blob;
		SQLLEN indicator = SQL_NULL_DATA;
	};

	struct Shape
		/// SQLBindParameter's column size and decimal digits for a C type,
		/// from the driver's type list, as Poco's binder takes them.
	{
		SQLULEN size = 0;
		SQLSMALLINT digits = 0;
	};

	SqlStatement _sql;
	std::vector<Slot> _slots;
	Poco::Data::Session _session;  // holds the connection the handle lives on
	SQLHSTMT _h = SQL_NULL_HSTMT;
	bool _prepared = false;
	Shape _text, _integer, _timestamp, _null;
	std::string _result;
	bool _yieldsValue;
};

} } // namespace mailbridge::mapping

#endif
