//
// MappingError.h
//
// A mapping file that cannot be used. Its message lists every problem found,
// one "file:line: message" per line, so a DBA fixes them all in one go.
//

#ifndef MB_Mapping_MappingError_INCLUDED
#define MB_Mapping_MappingError_INCLUDED

#include "connector/common/Errors.h"

namespace mailbridge {
namespace mapping {

POCO_DECLARE_EXCEPTION(, MappingError, ConfigError)
	/// Thrown by MappingParser: the message holds every error, one per line.

} } // namespace mailbridge::mapping

#endif
