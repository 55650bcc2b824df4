//
// MappingError.cpp
//

#include "mapping/model/MappingError.h"
#include <typeinfo>

namespace mailbridge {
namespace mapping {

POCO_IMPLEMENT_EXCEPTION(MappingError, ConfigError, "Mapping error")

} } // namespace mailbridge::mapping
