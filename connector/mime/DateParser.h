//
// DateParser.h
//
// Date headers: RFC 5322, its obsolete forms (named and military zones,
// two-digit years, comments, missing seconds or zone) and the asctime and
// ISO forms some software writes.
//

#ifndef MB_Mime_DateParser_INCLUDED
#define MB_Mime_DateParser_INCLUDED

#include <Poco/Timestamp.h>
#include <string_view>

namespace mailbridge {
namespace mime {

class DateParser
{
public:
	static bool parse(std::string_view text, Poco::Timestamp& when, int& zoneOffsetMinutes);
		/// Returns false for junk (no day, month, year and time to be found, or
		/// out of range); then when and zoneOffsetMinutes are left unchanged.
		/// A missing or unknown zone is taken as UTC. Military zones other
		/// than Z count as UTC too: RFC 822 got their signs wrong, so RFC 5322
		/// says they carry no information.
};

} } // namespace mailbridge::mime

#endif
