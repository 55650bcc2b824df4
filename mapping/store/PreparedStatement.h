//
// PreparedStatement.h
//
// A generated statement prepared once and run many times with new values:
// each '?' is bound by reference to a slot of a fixed type, so a batch of
// activities costs one prepare per statement kind, not one per row.
//

#ifndef MB_Mapping_PreparedStatement_INCLUDED
#define MB_Mapping_PreparedStatement_INCLUDED

#include "mapping/sql/SqlStatement.h"
#include "mapping/store/ValueEvaluator.h"
#include <Poco/Data/LOB.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/Nullable.h>
#include <Poco/UTFString.h>
#include <memory>
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

	std::size_t execute();
		/// Runs the statement; returns the rows affected. Throws as Poco does:
		/// the caller translates.

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
	void bindSlots(const std::vector<const BoundValue*>& positional);

	struct Slot
	{
		BoundValue::Type type = BoundValue::Null;
		Poco::Nullable<Poco::UTF16String> text;
		Poco::Nullable<Poco::Int64> integer;
		Poco::Nullable<Poco::DateTime> timestamp;
		Poco::Data::BLOB blob;
	};

	SqlStatement _sql;
	std::vector<Slot> _slots;  // sized once: bound by reference
	Poco::Data::Statement _statement;
	Poco::Nullable<std::string> _result;
	bool _yieldsValue;
};

} } // namespace mailbridge::mapping

#endif
