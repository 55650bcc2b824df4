#include "tests/common/TestEnv.h"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <fstream>

namespace mailbridge {
namespace test {

std::string TestEnv::locate()
{
	if (Poco::Environment::has("MB_STACK_ENV")) return Poco::Environment::get("MB_STACK_ENV");
	std::string dir = Poco::Environment::get("MB_STACK_DIR", "/tmp/mailbridge-stack");
	return dir + "/stack.env";
}

const TestEnv& TestEnv::instance()
{
	static const TestEnv env(locate());
	return env;
}

TestEnv::TestEnv(const std::string& path): _path(path)
{
	if (!Poco::File(path).exists())
		throw Poco::FileNotFoundException(path, "the test stack is not running; start it with tests/stack/stack.sh start");
	std::ifstream in(path);
	std::string line;
	while (std::getline(in, line))
	{
		if (line.empty() || line[0] == '#') continue;
		std::string::size_type eq = line.find('=');
		if (eq == std::string::npos) continue;
		std::string value = line.substr(eq + 1);
		// The file is also sourced by shell scripts, so values may be single-quoted.
		if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') value = value.substr(1, value.size() - 2);
		_values[Poco::trim(line.substr(0, eq))] = value;
	}
}

std::string TestEnv::get(const std::string& key) const
{
	auto it = _values.find(key);
	if (it == _values.end()) throw Poco::NotFoundException(key, "not in " + _path);
	return it->second;
}

int TestEnv::getInt(const std::string& key) const
{
	return Poco::NumberParser::parse(get(key));
}

const std::string& TestEnv::path() const
{
	return _path;
}

} } // namespace mailbridge::test
