//
// StackEnv.h
//
// The test stack's settings as a benchmark reads them: KEY='value' lines
// of $MB_STACK_DIR/stack.env, written by tests/stack/stack.sh.
//

#ifndef MB_Bench_StackEnv_INCLUDED
#define MB_Bench_StackEnv_INCLUDED

#include <map>
#include <string>

namespace mailbridge {
namespace bench {

class StackEnv
{
public:
	explicit StackEnv(const std::string& path);
		/// Throws std::runtime_error when the file cannot be read.

	std::string get(const std::string& key) const;
		/// Throws std::runtime_error naming the key when it is missing.

	int getInt(const std::string& key) const;

	std::string value(const std::string& key, const std::string& fallback = std::string()) const;
		/// The key's value, or fallback when the stack did not write it (a
		/// stack started with only some of its servers).

	static std::string loadAverage();
		/// The first three fields of /proc/loadavg: the machine is shared.

private:
	std::map<std::string, std::string> _values;
	std::string _path;
};

} } // namespace mailbridge::bench

#endif
