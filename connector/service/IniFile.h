//
// IniFile.h
//
// The daemon's configuration file: INI sections of key = value lines, with
// # and ; comments. Poco's IniFileConfiguration forgets line numbers, and an
// operator must be told which line is wrong, so this reader keeps them.
//

#ifndef MB_Service_IniFile_INCLUDED
#define MB_Service_IniFile_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace service {

struct IniEntry
{
	std::string key;    ///< lowercased
	std::string value;  ///< trimmed
	int line = 0;
};

struct IniSection
{
	std::string name;   ///< as written, e.g. "mailbox alice"
	int line = 0;
	std::vector<IniEntry> entries;

	const IniEntry* find(const std::string& key) const;
};

class IniFile
{
public:
	static IniFile parse(const std::string& text, const std::string& fileName);
		/// Throws ConfigError "FILE:LINE: ..." for a line that is neither a
		/// section, a key = value pair, a comment nor blank, and for a key
		/// given twice in one section.

	const std::string& fileName() const { return _fileName; }
	const std::vector<IniSection>& sections() const { return _sections; }

	std::string where(int line) const;
		/// "FILE:LINE", for messages.

private:
	std::string _fileName;
	std::vector<IniSection> _sections;
};

} } // namespace mailbridge::service

#endif
