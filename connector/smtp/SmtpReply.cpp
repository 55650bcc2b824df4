#include "connector/smtp/SmtpReply.h"
#include "connector/smtp/SmtpErrors.h"

namespace mailbridge {
namespace smtp {

static std::string shown(const std::string& line)
{
	std::string out;
	for (std::size_t i = 0; i < line.size() && i < 300; ++i)
	{
		unsigned char c = static_cast<unsigned char>(line[i]);
		out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
	}
	if (line.size() > 300) out += "...";
	return out;
}

bool SmtpReply::addLine(const std::string& line)
{
	if (_complete) throw SmtpProtocolError("reply line after the last one", shown(line));
	auto digit = [&line](std::size_t i) { return line.size() > i && line[i] >= '0' && line[i] <= '9'; };
	if (!digit(0) || !digit(1) || !digit(2) || line[0] < '2' || line[0] > '5')
		throw SmtpProtocolError("not an SMTP reply", shown(line));
	int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	char sep = line.size() > 3 ? line[3] : ' ';
	if (sep != ' ' && sep != '-') throw SmtpProtocolError("not an SMTP reply", shown(line));
	if (!_lines.empty() && code != _code) throw SmtpProtocolError("reply code changed inside a multi-line reply", shown(line));
	if (_lines.size() >= MaxLines) throw SmtpProtocolError("reply longer than " + std::to_string(MaxLines) + " lines", shown(line));
	_code = code;
	_lines.push_back(line.size() > 4 ? line.substr(4) : std::string());
	_complete = sep == ' ';
	return _complete;
}

std::string SmtpReply::text() const
{
	std::string out = std::to_string(_code);
	for (std::size_t i = 0; i < _lines.size(); ++i)
	{
		out += i == 0 ? " " : " / ";
		out += shown(_lines[i]);
	}
	return out;
}

} } // namespace mailbridge::smtp
