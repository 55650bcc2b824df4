//
// XmlNode.h
//
// An element of the mapping file as read, with its position: the validator
// works on these so that every error can name its line.
//

#ifndef MB_Mapping_XmlNode_INCLUDED
#define MB_Mapping_XmlNode_INCLUDED

#include "mapping/model/Mapping.h"
#include <string>
#include <utility>
#include <vector>

namespace mailbridge {
namespace mapping {

struct XmlNode
{
	std::string name;
	SourcePos pos;
	std::vector<std::pair<std::string, std::string>> attributes;  ///< in file order
	std::vector<XmlNode> children;
	std::string text;  ///< character data directly inside, whitespace included

	const std::string* attribute(const std::string& attr) const
		/// The attribute's value, or null when absent.
	{
		for (const auto& a: attributes) if (a.first == attr) return &a.second;
		return nullptr;
	}
};

} } // namespace mailbridge::mapping

#endif
