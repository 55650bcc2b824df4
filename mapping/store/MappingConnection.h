//
// MappingConnection.h
//
// The ODBC connection string for the mapping's <connection>, with the
// password taken from the environment or a secrets file at the last moment.
//

#ifndef MB_Mapping_MappingConnection_INCLUDED
#define MB_Mapping_MappingConnection_INCLUDED

#include "mapping/model/Mapping.h"
#include <string>

namespace mailbridge {
namespace mapping {

class MappingConnection
{
public:
	static std::string connectionString(const Mapping& mapping);
		/// DSN=...;UID=...;PWD={...} or the given connection string plus
		/// UID/PWD. Throws MappingError naming the file and line when the
		/// password's environment variable is unset or its file unreadable.

	static std::string withoutPassword(const std::string& connectionString);
		/// The string with any PWD=... value masked, for messages and logs.
};

} } // namespace mailbridge::mapping

#endif
