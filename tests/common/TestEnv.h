//
// TestEnv.h
//
// What the real test stack (tests/stack/stack.sh) wrote about itself:
// ports, the throwaway CA, users and ODBC connection strings.
//

#ifndef MB_Tests_TestEnv_INCLUDED
#define MB_Tests_TestEnv_INCLUDED

#include <map>
#include <string>

namespace mailbridge {
namespace test {

class TestEnv
	/// Reads the stack's env file once. The file is found through
	/// $MB_STACK_ENV, else $MB_STACK_DIR/stack.env, else
	/// /tmp/mailbridge-stack/stack.env.
{
public:
	static const TestEnv& instance();
		/// Throws Poco::FileNotFoundException naming the command that starts
		/// the stack when no env file is found.

	std::string get(const std::string& key) const;
		/// Throws Poco::NotFoundException naming the key and the file.

	int getInt(const std::string& key) const;

	const std::string& path() const;

	static std::string locate();
		/// The env file's path, whether or not it exists.

private:
	explicit TestEnv(const std::string& path);

	std::string _path;
	std::map<std::string, std::string> _values;
};

} } // namespace mailbridge::test

#endif
