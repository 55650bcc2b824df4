//
// TransferEncoding.h
//
// Content-Transfer-Encoding for outbound bodies: quoted-printable and
// base64 with CRLF lines of at most 76 characters.
//

#ifndef MB_Mime_TransferEncoding_INCLUDED
#define MB_Mime_TransferEncoding_INCLUDED

#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class TransferEncoding
{
public:
	static std::string quotedPrintable(std::string_view text);
		/// Encodes text (any line ends) as quoted-printable with CRLF line
		/// ends. Non-ASCII, '=', trailing blanks and a leading '.' or "From "
		/// are escaped; long lines get soft breaks.

	static std::string base64(std::string_view data);
		/// Base64 in lines of 76 characters, each ended by CRLF.

	static std::string toCrlf(std::string_view text);
		/// Every line end (LF, CR or CRLF) as CRLF.

	static bool needsEncoding(std::string_view text);
		/// True if text has non-ASCII bytes, control characters or lines
		/// longer than 76 characters, so that 7bit will not do.
};

} } // namespace mailbridge::mime

#endif
