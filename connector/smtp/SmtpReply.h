//
// SmtpReply.h
//
// One SMTP reply (RFC 5321 section 4.2), built line by line. Pure: the
// connection reads the lines, this class checks and keeps them.
//

#ifndef MB_Smtp_SmtpReply_INCLUDED
#define MB_Smtp_SmtpReply_INCLUDED

#include <string>
#include <vector>

namespace mailbridge {
namespace smtp {

class SmtpReply
{
public:
	static constexpr std::size_t MaxLines = 200;

	bool addLine(const std::string& line);
		/// Adds one line without its CRLF; returns true when it was the last
		/// line ("250 ..." rather than "250-..."). Throws SmtpProtocolError
		/// when the line has no 3-digit code, the code changes inside a
		/// multi-line reply, or the reply runs past MaxLines.

	bool complete() const { return _complete; }
	int code() const { return _code; }
	bool positive() const { return _code / 100 == 2; }
	bool intermediate() const { return _code / 100 == 3; }
	bool transient() const { return _code / 100 == 4; }
	bool permanent() const { return _code / 100 == 5; }

	const std::vector<std::string>& lines() const { return _lines; }
		/// The text of each line after the code and separator.

	std::string text() const;
		/// The reply as a person reads it: "550 5.1.1 no such user", lines
		/// of a multi-line reply joined by " / ". Control bytes become '?'.

private:
	int _code = 0;
	bool _complete = false;
	std::vector<std::string> _lines;
};

} } // namespace mailbridge::smtp

#endif
