//
// MappingParser.h
//
// Reads a mapping file with Poco's SAX parser into positioned XmlNodes, then
// hands them to MappingValidator. Pure: bytes in, a Mapping or a
// MappingError listing every problem out.
//

#ifndef MB_Mapping_MappingParser_INCLUDED
#define MB_Mapping_MappingParser_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/model/XmlNode.h"
#include <istream>
#include <string>

namespace mailbridge {
namespace mapping {

class MappingParser
{
public:
	static XmlNode parseTree(std::istream& in, const std::string& file);
		/// The document element and everything under it. Throws MappingError
		/// "file:line: not well-formed XML: ..." for broken XML. External
		/// entities are never loaded.

	static Mapping parse(std::istream& in, const std::string& file);
		/// Parses and validates. Throws MappingError listing every error.

	static Mapping parseFile(const std::string& path);
		/// As parse(), reading path. Throws MappingError when it cannot be read.
};

} } // namespace mailbridge::mapping

#endif
