#include "connector/service/IniFile.h"

#include "connector/common/Errors.h"

#include <Poco/String.h>

#include <sstream>

namespace mailbridge {
namespace service {

const IniEntry* IniSection::find(const std::string& key) const
{
	for (const IniEntry& entry: entries)
		if (entry.key == key) return &entry;
	return nullptr;
}

std::string IniFile::where(int line) const
{
	return _fileName + ":" + std::to_string(line);
}

IniFile IniFile::parse(const std::string& text, const std::string& fileName)
{
	IniFile file;
	file._fileName = fileName;
	// Keys before any section belong to an unnamed one, reported as such.
	file._sections.push_back(IniSection{"", 0, {}});

	std::istringstream in(text);
	std::string raw;
	int number = 0;
	while (std::getline(in, raw))
	{
		++number;
		std::string line = Poco::trim(raw);
		if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line = Poco::trim(line.substr(3)); // Notepad's BOM
		if (line.empty() || line[0] == '#' || line[0] == ';') continue;
		if (line[0] == '[')
		{
			if (line.back() != ']')
				throw ConfigError(file.where(number) + ": a section header must end with ']'", line);
			std::string name = Poco::trim(line.substr(1, line.size() - 2));
			if (name.empty()) throw ConfigError(file.where(number) + ": empty section name");
			for (const IniSection& s: file._sections)
				if (Poco::icompare(s.name, name) == 0)
					throw ConfigError(file.where(number) + ": section [" + name + "] already defined at line " + std::to_string(s.line));
			file._sections.push_back(IniSection{name, number, {}});
			continue;
		}
		std::string::size_type eq = line.find('=');
		if (eq == std::string::npos || eq == 0)
			throw ConfigError(file.where(number) + ": expected 'key = value'", line);
		IniEntry entry;
		entry.key = Poco::toLower(Poco::trim(line.substr(0, eq)));
		entry.value = Poco::trim(line.substr(eq + 1));
		entry.line = number;
		IniSection& section = file._sections.back();
		if (const IniEntry* previous = section.find(entry.key))
			throw ConfigError(file.where(number) + ": '" + entry.key + "' is already set at line " + std::to_string(previous->line));
		section.entries.push_back(entry);
	}
	return file;
}

} } // namespace mailbridge::service
