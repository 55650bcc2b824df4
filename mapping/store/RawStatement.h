//
// RawStatement.h
//
// A plain ODBC statement handle on an OdbcConnection's session, for what
// Poco::Data does not expose: catalog functions (SQLColumns, SQLTables) and
// the number of rows an UPDATE changed (SQLRowCount).
//

#ifndef MB_Mapping_RawStatement_INCLUDED
#define MB_Mapping_RawStatement_INCLUDED

#include <Poco/Timestamp.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>
#include <Poco/UTFString.h>
#include <sql.h>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

class RawStatement
{
public:
	struct Param
		/// A parameter: text (bound as UTF-16), an integer, a timestamp
		/// (to the millisecond, as Poco binds one), or NULL.
	{
		enum Kind { Text, Integer, Null, Timestamp };
		Kind kind = Null;
		std::string text;
		Poco::Int64 integer = 0;
		Poco::Timestamp timestamp = Poco::Timestamp(0);  // cheap to make: most params are not timestamps
	};

	explicit RawStatement(OdbcConnection& db);
		/// Throws StatementError when no handle can be had.
	~RawStatement();

	SQLHSTMT handle() const;

	void check(SQLRETURN rc, const std::string& what);
		/// Throws DatabaseUnavailable (connection lost) or StatementError with
		/// the SQLSTATE and driver text, unless rc is success or no data.

	long execute(const std::string& sql, const std::vector<Param>& params);
		/// Runs a statement with its '?' bound in order; returns SQLRowCount
		/// (the rows an UPDATE or DELETE changed). Throws as check().

	std::string text(SQLUSMALLINT column);
		/// The fetched row's column as text ("" for NULL; at most 511 bytes).

	long number(SQLUSMALLINT column, bool& isNull);

private:
	RawStatement(const RawStatement&) = delete;
	RawStatement& operator=(const RawStatement&) = delete;

	SQLHSTMT _h = SQL_NULL_HSTMT;
	std::vector<Poco::UTF16String> _wide;  // bound buffers live as long as the statement
	std::vector<Poco::Int64> _integers;
	std::vector<SQLLEN> _lengths;
	std::vector<SQL_TIMESTAMP_STRUCT> _times;
};

} } // namespace mailbridge::mapping

#endif
