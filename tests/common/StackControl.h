//
// StackControl.h
//
// Stops and starts one database server of the running test stack, through
// tests/stack/stack.sh pause|resume, for tests of what mailbridge does while
// its database is away.
//

#ifndef MB_Tests_StackControl_INCLUDED
#define MB_Tests_StackControl_INCLUDED

#include <string>

namespace mailbridge {
namespace test {

class StackControl
{
public:
	static void pause(const std::string& database);
		/// "postgresql" or "mariadb": the server stops as on an administrator's
		/// shutdown; returns once its port is closed. Throws
		/// Poco::RuntimeException with the script's output when it fails.

	static void resume(const std::string& database);
		/// Starts it again on the same data and port; returns once it listens.
		/// Throws Poco::RuntimeException with the script's output when it fails.

private:
	static void stack(const std::string& command, const std::string& database);
};

} } // namespace mailbridge::test

#endif
