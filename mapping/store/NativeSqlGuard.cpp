//
// NativeSqlGuard.cpp
//
// The SQLite ODBC driver (sqliteodbc 0.9998, Debian's libsqliteodbc) writes
// a terminating NUL into the *input* buffer of SQLNativeSql at
// sqlin[sqlMax - 1]. Poco's ODBC error path calls SQLNativeSql with
// sqlMax = 2 * the statement's length on a copy of the statement, so every
// failed statement on SQLite corrupted the heap (seen under valgrind).
//
// This definition interposes on the driver manager's SQLNativeSql (an
// executable's symbols come first in the dynamic lookup) and hands the
// driver an input buffer large enough for that write, then calls the real
// function. Other drivers see the same arguments, only in a bigger buffer.
//

#include "mapping/store/NativeSqlGuard.h"
#include <sql.h>
#include <dlfcn.h>
#include <cstring>
#include <vector>

namespace {

using NativeSqlFn = SQLRETURN (*)(SQLHDBC, SQLCHAR*, SQLINTEGER, SQLCHAR*, SQLINTEGER, SQLINTEGER*);

NativeSqlFn realNativeSql()
{
	static NativeSqlFn fn = reinterpret_cast<NativeSqlFn>(dlsym(RTLD_NEXT, "SQLNativeSql"));
	return fn;
}

} // namespace

extern "C" SQLRETURN SQL_API SQLNativeSql(SQLHDBC dbc, SQLCHAR* in, SQLINTEGER inLen, SQLCHAR* out,
	SQLINTEGER outMax, SQLINTEGER* outLen)
{
	NativeSqlFn real = realNativeSql();
	if (!real) return SQL_ERROR;
	std::size_t length = inLen == SQL_NTS ? std::strlen(reinterpret_cast<const char*>(in))
		: static_cast<std::size_t>(inLen < 0 ? 0 : inLen);
	std::vector<SQLCHAR> copy(std::max<std::size_t>(length, outMax > 0 ? outMax : 0) + 1, 0);
	if (length) std::memcpy(copy.data(), in, length);
	return real(dbc, copy.data(), static_cast<SQLINTEGER>(length), out, outMax, outLen);
}

namespace mailbridge {
namespace mapping {

bool nativeSqlGuardInstalled()
{
	return realNativeSql() != nullptr;
}

} } // namespace mailbridge::mapping
