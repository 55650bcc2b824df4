//
// SqlStatement.cpp
//

#include "mapping/sql/SqlStatement.h"

namespace mailbridge {
namespace mapping {

std::string SqlStatement::toString() const
{
	std::string out = text;
	out += "\n-- params:";
	for (std::size_t i = 0; i < params.size(); ++i)
	{
		out += i == 0 ? " " : ", ";
		out += params[i];
	}
	out += "\n";
	return out;
}

} } // namespace mailbridge::mapping
