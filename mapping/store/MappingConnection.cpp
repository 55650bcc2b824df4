//
// MappingConnection.cpp
//

#include "mapping/store/MappingConnection.h"
#include "mapping/model/MappingError.h"
#include <Poco/Environment.h>
#include <Poco/NumberFormatter.h>
#include <Poco/String.h>
#include <fstream>

namespace mailbridge {
namespace mapping {

namespace {

std::string braced(const std::string& value)
{
	// ODBC: a value in braces may hold ';'; a '}' inside is doubled.
	std::string out = "{";
	for (char c: value)
	{
		out += c;
		if (c == '}') out += '}';
	}
	return out + "}";
}

} // namespace

std::string MappingConnection::connectionString(const Mapping& mapping)
{
	const ConnectionSpec& c = mapping.connection;
	std::string where = mapping.file + ":" + Poco::NumberFormatter::format(c.pos.line) + ": ";
	std::string out = c.dsn.empty() ? c.connectionString : "DSN=" + braced(c.dsn);
	if (!c.user.empty()) out += (out.empty() || out.back() == ';' ? "" : ";") + std::string("UID=") + braced(c.user);
	std::string password = c.password;
	if (!c.passwordEnv.empty())
	{
		if (!Poco::Environment::has(c.passwordEnv))
			throw MappingError(where + "the password variable " + c.passwordEnv + " is not set");
		password = Poco::Environment::get(c.passwordEnv);
	}
	else if (!c.passwordFile.empty())
	{
		std::ifstream in(c.passwordFile);
		if (!in) throw MappingError(where + "cannot read the password file " + c.passwordFile);
		std::getline(in, password);
		password = Poco::trimRight(password);
	}
	if (!password.empty()) out += (out.back() == ';' ? "" : ";") + std::string("PWD=") + braced(password);
	return out;
}

std::string MappingConnection::withoutPassword(const std::string& connectionString)
{
	std::string lower = Poco::toLower(connectionString);
	std::size_t at = lower.find("pwd=");
	if (at == std::string::npos) return connectionString;
	std::size_t start = at + 4;
	std::size_t end;
	if (start < connectionString.size() && connectionString[start] == '{')
	{
		end = start + 1;
		while (end < connectionString.size())
		{
			if (connectionString[end] == '}')
			{
				if (end + 1 < connectionString.size() && connectionString[end + 1] == '}') { end += 2; continue; }
				++end;
				break;
			}
			++end;
		}
	}
	else
	{
		end = connectionString.find(';', start);
		if (end == std::string::npos) end = connectionString.size();
	}
	return connectionString.substr(0, start) + "***" + connectionString.substr(end);
}

} } // namespace mailbridge::mapping
