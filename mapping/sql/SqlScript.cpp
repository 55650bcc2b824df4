//
// SqlScript.cpp
//

#include "mapping/sql/SqlScript.h"
#include <Poco/String.h>

namespace mailbridge {
namespace mapping {

namespace {

std::string stripTrailingComment(const std::string& line)
{
	// Only a "--" outside quotes counts.
	char quote = 0;
	for (std::size_t i = 0; i < line.size(); ++i)
	{
		char c = line[i];
		if (quote) { if (c == quote) quote = 0; continue; }
		if (c == '\'' || c == '"') quote = c;
		else if (c == '-' && i + 1 < line.size() && line[i + 1] == '-') return line.substr(0, i);
	}
	return line;
}

} // namespace

std::vector<std::string> SqlScript::split(const std::string& script)
{
	std::vector<std::string> out;
	std::string current;
	std::size_t pos = 0;
	while (pos <= script.size())
	{
		std::size_t eol = script.find('\n', pos);
		if (eol == std::string::npos) eol = script.size();
		std::string line = script.substr(pos, eol - pos);
		pos = eol + 1;
		std::string trimmed = Poco::trim(line);
		if (trimmed.empty() || trimmed.compare(0, 2, "--") == 0) continue;
		std::string code = Poco::trimRight(stripTrailingComment(line));
		if (!current.empty()) current += '\n';
		std::string head = Poco::toUpper(Poco::trimLeft(current.empty() ? line : current));
		bool block = head.compare(0, 5, "BEGIN") == 0 || head.compare(0, 7, "DECLARE") == 0;
		std::string body = code.empty() ? code : code.substr(0, code.size() - 1);
		std::string upper = Poco::toUpper(Poco::trimRight(body));
		bool endsBlock = upper.size() >= 3 && upper.compare(upper.size() - 3, 3, "END") == 0;
		if (!code.empty() && code.back() == ';' && (!block || endsBlock))
		{
			bool keep = endsBlock;
			current += keep ? code : body;
			out.push_back(Poco::trim(current));
			current.clear();
		}
		else
		{
			current += line;
		}
	}
	if (!Poco::trim(current).empty()) out.push_back(Poco::trim(current));
	return out;
}

} } // namespace mailbridge::mapping
