//
// InsertPlan.cpp
//

#include "mapping/sql/InsertPlan.h"

namespace mailbridge {
namespace mapping {

std::string InsertPlan::toString() const
{
	static const char* SOURCES[] = {"none", "before insert", "from insert", "after insert", "generated"};
	std::string out = "-- key: " + (keyColumn.empty() ? std::string("(none)") : keyColumn) + ", "
		+ SOURCES[keySource] + "\n";
	for (const auto& s: before) out += s.toString() + "-- then\n";
	out += insert.toString();
	if (!after.text.empty()) out += "-- then\n" + after.toString();
	return out;
}

} } // namespace mailbridge::mapping
