//
// HeaderEncoder.h
//
// Header text for outbound mail: RFC 2047 encoded words for UTF-8 subjects
// and display names, RFC 2231 file name parameters, and folding that keeps
// every line within 78 characters where possible and 998 always.
//

#ifndef MB_Mime_HeaderEncoder_INCLUDED
#define MB_Mime_HeaderEncoder_INCLUDED

#include "connector/mime/Message.h"
#include <string>
#include <string_view>
#include <vector>

namespace mailbridge {
namespace mime {

class HeaderEncoder
{
public:
	static std::string clean(std::string_view value);
		/// The value with CR, LF and other control characters replaced by
		/// blanks, so no caller-supplied text can start a header of its own.

	static std::string unstructured(std::string_view utf8);
		/// Text for Subject and similar fields: as is when plain ASCII with
		/// short words, else UTF-8 encoded words of at most 75 characters.

	static std::string encodedWords(std::string_view utf8, bool phrase);
		/// UTF-8 as encoded words ("=?UTF-8?Q?...?=" or B when shorter),
		/// separated by blanks, never splitting a character. With phrase,
		/// the Q form escapes everything not allowed in a display name.

	static std::string mailbox(const Address& address);
		/// "Name <address>": the name quoted when it has specials, encoded
		/// when it is not ASCII; just the address when there is no name.

	static std::string mailboxList(const std::vector<Address>& addresses);

	static std::string fileNameParams(std::string_view name, std::string_view utf8);
		/// "; name=value" for a Content-Type or Content-Disposition: quoted
		/// ASCII, or RFC 2231 "name*0*=UTF-8''..." (continued every 60
		/// characters) for anything else.

	static std::string fold(std::string_view name, std::string_view value);
		/// "Name: value\r\n" broken at blanks so that lines stay within 78
		/// characters where a blank allows, and within 998 always.
};

} } // namespace mailbridge::mime

#endif
