//
// TransferDecoding.h
//
// Content-Transfer-Encoding decoders that take what senders really write:
// base64 with line noise and bad padding, quoted-printable with stray '='
// and lowercase hex. They run whole or chunk by chunk, for streaming.
//

#ifndef MB_Mime_TransferDecoding_INCLUDED
#define MB_Mime_TransferDecoding_INCLUDED

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace mailbridge {
namespace mime {

class TransferDecoding
{
public:
	enum Encoding
	{
		IDENTITY,          ///< 7bit, 8bit, binary, missing or unknown
		BASE64,
		QUOTED_PRINTABLE
	};

	static Encoding encodingOf(std::string_view headerValue);
		/// Reads a Content-Transfer-Encoding value; unknown ones are identity.

	static void appendDecoded(std::string& out, Encoding enc, const char* data, std::size_t size, bool lineFeeds = false);
		/// Decodes the whole body and appends the bytes. With lineFeeds,
		/// quoted-printable line breaks (CRLF) come out as LF, for text.

	static std::uint64_t decodedSize(Encoding enc, const char* data, std::size_t size);
		/// The size appendDecoded() would produce, without producing it.

	static void stream(Encoding enc, const char* data, std::size_t size, std::ostream& sink);
		/// Decodes in chunks of 64 KiB into sink; memory use does not grow with size.

	class Base64Decoder
		/// Incremental base64: everything outside the alphabet is skipped,
		/// '=' is ignored wherever it appears, a trailing partial group keeps
		/// the whole bytes it holds.
	{
	public:
		void decode(const char* data, std::size_t size, std::string& out);
		void finish(std::string& out);

	private:
		std::uint32_t _bits = 0;
		int _count = 0;
	};

	class QuotedPrintableDecoder
		/// Incremental quoted-printable. A '=' not followed by two hex digits
		/// or a line break is kept as written; trailing blanks before a line
		/// break are dropped (RFC 2045 6.7).
	{
	public:
		void decode(const char* data, std::size_t size, std::string& out);
		void finish(std::string& out);

	private:
		std::string _pending;  ///< an incomplete "=X" or trailing blanks held over a chunk end
	};
};

} } // namespace mailbridge::mime

#endif
