#include "connector/smtp/DotStuffer.h"

namespace mailbridge {
namespace smtp {

void DotStuffer::feed(const char* data, std::size_t size, std::string& out)
{
	for (std::size_t i = 0; i < size; ++i)
	{
		char c = data[i];
		if (_pendingCr)
		{
			// CR LF, or a bare CR that still ends the line.
			_pendingCr = false;
			out += "\r\n";
			_lineStart = true;
			if (c == '\n') continue;
		}
		if (c == '\r')
		{
			_pendingCr = true;
			continue;
		}
		if (c == '\n')
		{
			out += "\r\n";
			_lineStart = true;
			continue;
		}
		if (_lineStart && c == '.') out += '.';
		_lineStart = false;
		out += c;
	}
}

void DotStuffer::finish(std::string& out)
{
	if (_pendingCr)
	{
		out += "\r\n";
		_pendingCr = false;
		_lineStart = true;
	}
	if (!_lineStart) out += "\r\n";
	out += ".\r\n";
	_lineStart = true;
}

std::string DotStuffer::encode(const std::string& message)
{
	DotStuffer stuffer;
	std::string out;
	out.reserve(message.size() + message.size() / 50 + 8);
	stuffer.feed(message.data(), message.size(), out);
	stuffer.finish(out);
	return out;
}

} } // namespace mailbridge::smtp
