//
// mapping_parser_fuzz.cpp
//
// The mapping parser and validator on arbitrary bytes: a Mapping or a
// MappingError, never a crash, a hang or another exception.
//

#include "mapping/model/MappingError.h"
#include "mapping/model/MappingParser.h"
#include <cstddef>
#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
	try
	{
		mailbridge::mapping::MappingParser::parse(in, "fuzz.xml");
	}
	catch (mailbridge::mapping::MappingError&)
	{
	}
	return 0;
}
