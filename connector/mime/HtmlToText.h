//
// HtmlToText.h
//
// Readable text from an HTML body, for HTML-only mail: block elements
// become line breaks, entities are decoded, script and style are dropped.
// Not an HTML parser: it is meant for mail bodies, and never fails.
//

#ifndef MB_Mime_HtmlToText_INCLUDED
#define MB_Mime_HtmlToText_INCLUDED

#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class HtmlToText
{
public:
	static std::string convert(std::string_view html);
		/// UTF-8 HTML in, UTF-8 text with LF line ends out.

	static bool decodeEntity(std::string_view text, std::size_t& pos, std::string& out);
		/// Decodes the entity starting at text[pos] ('&'), appends it and
		/// advances pos past it. Returns false (pos unchanged) if none is there.
};

} } // namespace mailbridge::mime

#endif
