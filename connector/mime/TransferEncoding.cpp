//
// TransferEncoding.cpp
//

#include "connector/mime/TransferEncoding.h"

#include <cstdint>

namespace mailbridge {
namespace mime {

namespace {

const char HEX[] = "0123456789ABCDEF";
const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

} // namespace

std::string TransferEncoding::toCrlf(std::string_view text)
{
	std::string out;
	out.reserve(text.size() + text.size() / 32 + 2);
	for (std::size_t i = 0; i < text.size(); ++i)
	{
		char c = text[i];
		if (c == '\r')
		{
			out += "\r\n";
			if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
		}
		else if (c == '\n') out += "\r\n";
		else out.push_back(c);
	}
	return out;
}

bool TransferEncoding::needsEncoding(std::string_view text)
{
	std::size_t column = 0;
	for (char ch: text)
	{
		unsigned char c = static_cast<unsigned char>(ch);
		if (c == '\n')
		{
			column = 0;
			continue;
		}
		if (c == '\r') continue;
		if (c >= 0x80 || (c < 32 && c != '\t') || c == 127) return true;
		if (++column > 76) return true;
	}
	return false;
}

std::string TransferEncoding::quotedPrintable(std::string_view text)
{
	std::string out;
	out.reserve(text.size() + text.size() / 8);
	std::size_t column = 0;
	auto put = [&](const char* piece, std::size_t n) {
		// A soft break keeps every line at 76 characters including the '='.
		if (column + n > 75)
		{
			out += "=\r\n";
			column = 0;
		}
		out.append(piece, n);
		column += n;
	};
	std::size_t i = 0;
	while (i < text.size())
	{
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (c == '\r' || c == '\n')
		{
			out += "\r\n";
			column = 0;
			if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
			++i;
			continue;
		}
		bool lineEnd = i + 1 >= text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
		bool escape = c >= 0x80 || c == '=' || (c < 32 && c != '\t') || c == 127
			|| ((c == ' ' || c == '\t') && lineEnd)
			|| (column == 0 && c == '.')
			|| (column == 0 && c == 'F' && text.substr(i, 5) == "From ");
		if (escape)
		{
			char e[3] = {'=', HEX[c >> 4], HEX[c & 15]};
			put(e, 3);
		}
		else
		{
			char p = static_cast<char>(c);
			put(&p, 1);
		}
		++i;
	}
	return out;
}

std::string TransferEncoding::base64(std::string_view data)
{
	std::string out;
	out.reserve((data.size() + 2) / 3 * 4 + data.size() / 57 * 2 + 2);
	std::size_t column = 0;
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data.data());
	std::size_t n = data.size();
	for (std::size_t i = 0; i < n; i += 3)
	{
		std::uint32_t v = static_cast<std::uint32_t>(p[i]) << 16;
		if (i + 1 < n) v |= static_cast<std::uint32_t>(p[i + 1]) << 8;
		if (i + 2 < n) v |= p[i + 2];
		out.push_back(ALPHABET[(v >> 18) & 63]);
		out.push_back(ALPHABET[(v >> 12) & 63]);
		out.push_back(i + 1 < n ? ALPHABET[(v >> 6) & 63] : '=');
		out.push_back(i + 2 < n ? ALPHABET[v & 63] : '=');
		column += 4;
		if (column >= 76)
		{
			out += "\r\n";
			column = 0;
		}
	}
	if (column > 0) out += "\r\n";
	return out;
}

} } // namespace mailbridge::mime
