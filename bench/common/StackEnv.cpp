//
// StackEnv.cpp
//

#include "bench/common/StackEnv.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mailbridge {
namespace bench {

StackEnv::StackEnv(const std::string& path):
	_path(path)
{
	std::ifstream in(path);
	if (!in) throw std::runtime_error("cannot read " + path);
	std::string line;
	while (std::getline(in, line))
	{
		std::size_t eq = line.find('=');
		if (eq == std::string::npos || line[0] == '#') continue;
		std::string v = line.substr(eq + 1);
		if (v.size() >= 2 && (v[0] == '"' || v[0] == '\'')) v = v.substr(1, v.size() - 2);
		_values[line.substr(0, eq)] = v;
	}
}

std::string StackEnv::get(const std::string& key) const
{
	auto it = _values.find(key);
	if (it == _values.end()) throw std::runtime_error(key + " is not set in " + _path);
	return it->second;
}

std::string StackEnv::value(const std::string& key, const std::string& fallback) const
{
	auto it = _values.find(key);
	return it == _values.end() ? fallback : it->second;
}

int StackEnv::getInt(const std::string& key) const
{
	return std::stoi(get(key));
}

std::string StackEnv::loadAverage()
{
	std::ifstream in("/proc/loadavg");
	std::string a, b, c;
	in >> a >> b >> c;
	return a + " " + b + " " + c;
}

} } // namespace mailbridge::bench
