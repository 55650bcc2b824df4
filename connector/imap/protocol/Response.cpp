#include "connector/imap/protocol/Response.h"

#include <Poco/String.h>

namespace mailbridge {
namespace imap {

bool ListEntry::has(const std::string& attribute) const
{
	for (const std::string& a: attributes)
		if (Poco::icompare(a, attribute) == 0) return true;
	return false;
}

const BodySection* FetchData::section(const std::string& name) const
{
	for (const BodySection& s: sections)
		if (Poco::icompare(s.section, name) == 0) return &s;
	return nullptr;
}

} } // namespace mailbridge::imap
