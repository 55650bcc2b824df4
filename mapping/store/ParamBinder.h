//
// ParamBinder.h
//
// Values held by name and bound in the order a generated SqlStatement lists
// them. SQL text and parameter order come from the validated mapping or our
// own tables; values never enter the text.
//

#ifndef MB_Mapping_ParamBinder_INCLUDED
#define MB_Mapping_ParamBinder_INCLUDED

#include "mapping/sql/SqlStatement.h"
#include <Poco/Data/LOB.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>
#include <Poco/UTFString.h>
#include <map>
#include <string>

namespace mailbridge {
namespace mapping {

class ParamBinder
{
public:
	void text(const std::string& name, const std::string& value);
		/// Short values go as CHAR, long ones (over LONG_TEXT bytes) as UTF-16:
		/// Poco refuses a std::string longer than the driver's CHAR size.
	void nullableText(const std::string& name, const std::string& value);
		/// An empty value is bound as NULL.
	void integer(const std::string& name, Poco::Int64 value);
	void timestamp(const std::string& name, const Poco::DateTime& value);
	void null(const std::string& name);
	void blob(const std::string& name, const std::string& bytes);
		/// Binary data (BYTEA, LONGBLOB, BLOB, VARBINARY(MAX)).

	bool has(const std::string& name) const;

	void bind(Poco::Data::Statement& statement, const SqlStatement& sql);
		/// Binds every parameter of sql, in order, by reference: the binder
		/// must outlive the statement's execution. Throws
		/// Poco::NotFoundException naming a parameter without a value.

	std::size_t execute(Poco::Data::Session& session, const SqlStatement& sql);
		/// Prepares, binds and runs sql. Returns what Poco returns, which for
		/// a statement with parameters is the number of parameter sets (1),
		/// not the rows changed: use executeCounted() when that matters.

	std::size_t executeCounted(Poco::Data::Session& session, const SqlStatement& sql);
		/// Prepares, binds and runs sql on the session's ODBC connection
		/// handle and returns SQLRowCount: the rows an UPDATE or DELETE
		/// changed, 0 when its WHERE matched none (a conditional update that
		/// lost). Runs inside the session's transaction, if one is open.
		/// Timestamps go with millisecond precision, as Poco sends them.
		/// Throws Poco::Data::ODBC::StatementException (see
		/// OdbcConnection::translate), Poco::NotFoundException as bind().

	static const std::size_t LONG_TEXT = 254;
		/// Poco checks a CHAR value against the size the driver reports, which is
		/// 255 for a TEXT parameter on some drivers: longer values go as UTF-16.

private:
	enum Kind { Text, Wide, NullableText, Integer, Timestamp, Null, Blob };
	struct Value
	{
		Kind kind = Null;
		std::string text;
		Poco::UTF16String wide;
		Poco::Nullable<std::string> nullable;
		Poco::Int64 integer = 0;
		Poco::DateTime timestamp;
		Poco::Data::BLOB blob;
	};
	Value& slot(const std::string& name);

	std::map<std::string, Value> _values;  // node-stable: bound by reference
};

} } // namespace mailbridge::mapping

#endif
