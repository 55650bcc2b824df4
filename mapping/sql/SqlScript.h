//
// SqlScript.h
//
// Splits a DDL file (sql/<dialect>/install.sql) into statements for ODBC,
// which runs one statement per call.
//

#ifndef MB_Mapping_SqlScript_INCLUDED
#define MB_Mapping_SqlScript_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class SqlScript
{
public:
	static std::vector<std::string> split(const std::string& script);
		/// Statements end with ';' at the end of a line (trailing blanks and a
		/// "-- comment" allowed). Whole-line "--" comments and blank lines are
		/// dropped; comments inside a line are kept (the server skips them).
		/// A block starting with BEGIN or DECLARE ends only at "END;".
		/// A ';' inside a line does not split, so literals holding ';' are safe
		/// as long as they do not end a line. The final ';' is removed, except
		/// after END (PL/SQL and T-SQL blocks need it).
};

} } // namespace mailbridge::mapping

#endif
