//
// Quoting.h
//
// Command arguments: an atom when it is safe, a quoted string when it is
// printable, a literal otherwise (RFC 3501 astring; LITERAL+ / LITERAL-).
//

#ifndef MB_Imap_Quoting_INCLUDED
#define MB_Imap_Quoting_INCLUDED

#include <cstdint>
#include <string>

namespace mailbridge {
namespace imap {

enum class ArgumentForm { Atom, Quoted, Literal };

ArgumentForm formFor(const std::string& value);
	/// Literal for CR, LF, NUL, 8-bit bytes, or more than 1024 bytes.

std::string quoted(const std::string& value);
	/// "value" with \ and " escaped; the caller has checked formFor.

std::string literalPrefix(std::size_t size, bool nonSynchronizing);
	/// "{N}" or "{N+}", without the CRLF.

std::string dateTime(std::int64_t epochSeconds, int offsetMinutes = 0);
	/// An IMAP date-time for APPEND: "\"05-Mar-2024 09:07:00 +0100\"", the
	/// instant shown in the zone `offsetMinutes` east of UTC.

} } // namespace mailbridge::imap

#endif
