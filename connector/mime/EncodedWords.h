//
// EncodedWords.h
//
// RFC 2047 encoded words in header text, decoded to UTF-8 the way mail
// clients do: words split inside a multibyte character are joined before
// conversion, whitespace between adjacent words is dropped, broken words
// stay as written, and raw 8-bit header bytes are charset-detected.
//

#ifndef MB_Mime_EncodedWords_INCLUDED
#define MB_Mime_EncodedWords_INCLUDED

#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class EncodedWords
{
public:
	static std::string decode(std::string_view text);
		/// Returns the header text as UTF-8 with every encoded word decoded.
		/// Never throws.

	static bool parseWord(std::string_view text, std::size_t pos, std::size_t& end,
		std::string& charset, char& encoding, std::string_view& payload);
		/// Recognizes an encoded word "=?charset?X?payload?=" starting at pos;
		/// on success end is the offset after "?=".
};

} } // namespace mailbridge::mime

#endif
