//
// NativeSqlGuard.h
//
// A guard around SQLNativeSql for a driver that writes past its input
// buffer (see NativeSqlGuard.cpp). OdbcConnection refers to it so the
// linker always keeps the guard in the executable.
//

#ifndef MB_Mapping_NativeSqlGuard_INCLUDED
#define MB_Mapping_NativeSqlGuard_INCLUDED

namespace mailbridge {
namespace mapping {

bool nativeSqlGuardInstalled();
	/// True when the driver manager's SQLNativeSql was found behind the guard.

} } // namespace mailbridge::mapping

#endif
