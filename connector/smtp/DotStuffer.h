//
// DotStuffer.h
//
// Turns raw message bytes into the DATA stream of RFC 5321 section 4.5.2:
// every line ends in CRLF (a bare LF or CR becomes CRLF), a line starting
// with "." gets a second ".", and the stream ends with CRLF "." CRLF.
// Pure and fed in chunks, so a large message is never copied whole.
//

#ifndef MB_Smtp_DotStuffer_INCLUDED
#define MB_Smtp_DotStuffer_INCLUDED

#include <cstddef>
#include <string>

namespace mailbridge {
namespace smtp {

class DotStuffer
{
public:
	void feed(const char* data, std::size_t size, std::string& out);
		/// Appends the encoded form of the next chunk to out. A chunk may end
		/// anywhere, even between CR and LF.

	void finish(std::string& out);
		/// Ends the last line when the message did not, then appends ".\r\n".

	static std::string encode(const std::string& message);
		/// The whole DATA stream for message, terminator included.

private:
	bool _lineStart = true;
	bool _pendingCr = false;
};

} } // namespace mailbridge::smtp

#endif
