//
// SqlStatement.h
//
// Generated SQL text plus the order in which values are bound to its '?'.
//

#ifndef MB_Mapping_SqlStatement_INCLUDED
#define MB_Mapping_SqlStatement_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

struct SqlStatement
	/// One statement as generated: `text` holds '?' placeholders only, and
	/// `params` names the value bound to each of them, in order (a value may
	/// appear twice, e.g. in WHERE NOT EXISTS). Names are column names of the
	/// target table unless a generator documents otherwise.
{
	std::string text;
	std::vector<std::string> params;

	std::string toString() const;
		/// The text followed by a "-- params: a, b" line; the golden-file form.
};

} } // namespace mailbridge::mapping

#endif
