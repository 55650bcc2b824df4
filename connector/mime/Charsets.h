//
// Charsets.h
//
// Conversion of message text to UTF-8 from the charset labels found in real
// mail, with detection for undeclared 8-bit text. Never fails: bytes that do
// not convert become U+FFFD.
//

#ifndef MB_Mime_Charsets_INCLUDED
#define MB_Mime_Charsets_INCLUDED

#include <cstddef>
#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class Charsets
{
public:
	static std::string canonical(std::string_view label);
		/// Maps a label from the wild to the name used for conversion:
		/// "utf-8", "windows-1252", "detect" (us-ascii, unknown-8bit, empty),
		/// or an iconv name (gb2312 -> GB18030, ks_c_5601-1987 -> CP949,
		/// x-sjis -> CP932, ...). iso-8859-1 is read as its superset windows-1252.

	static void appendUtf8(std::string& out, const char* data, std::size_t size, std::string_view label);
		/// Appends the text converted from the charset named by label.
		/// Undeclared text is detected: ISO-2022-JP by its escape sequences,
		/// valid UTF-8 stays, anything else is read as windows-1252.
		/// An unknown label is treated as undeclared.

	static std::string toUtf8(std::string_view text, std::string_view label);
		/// Convenience form of appendUtf8().

	static bool isAscii(const char* data, std::size_t size);
	static bool isValidUtf8(const char* data, std::size_t size);

	static void appendSanitizedUtf8(std::string& out, const char* data, std::size_t size);
		/// Copies UTF-8, replacing each invalid sequence with U+FFFD.

	static std::string detect(const char* data, std::size_t size);
		/// "us-ascii", "iso-2022-jp", "utf-8" or "windows-1252".

	static void appendCodePoint(std::string& out, unsigned cp);
		/// Appends one code point as UTF-8 (U+FFFD for invalid ones).
};

} } // namespace mailbridge::mime

#endif
