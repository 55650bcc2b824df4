//
// QuoteSplitter.h
//
// Splits a reply's text into what the sender wrote now and what follows:
// the quoted history ("On ... wrote:", "-----Original Message-----",
// Outlook header blocks, "> " lines) and the "-- " signature.
//

#ifndef MB_Mime_QuoteSplitter_INCLUDED
#define MB_Mime_QuoteSplitter_INCLUDED

#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class QuoteSplitter
{
public:
	static std::size_t findSplit(std::string_view text);
		/// The offset of the line where quoted history or the signature
		/// starts, or text.size() if there is none.

	static void split(std::string_view text, std::string& fresh, std::string& quoted);
		/// fresh: the text before that line, trailing blank lines removed;
		/// quoted: the rest.
};

} } // namespace mailbridge::mime

#endif
