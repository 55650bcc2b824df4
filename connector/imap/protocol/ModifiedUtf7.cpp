#include "connector/imap/protocol/ModifiedUtf7.h"

#include <cstdint>
#include <vector>

namespace mailbridge {
namespace imap {

namespace {

const char* ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int value(char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == ',') return 63;
	return -1;
}

void appendUtf8(std::string& out, std::uint32_t cp)
{
	if (cp < 0x80) out += char(cp);
	else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
	else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
	else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
}

// Decodes one UTF-8 code point at s[i]; invalid input gives U+FFFD and one byte.
std::uint32_t nextCodePoint(const std::string& s, std::size_t& i)
{
	unsigned char c = static_cast<unsigned char>(s[i]);
	int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	if (len == 0 || i + len > s.size()) { ++i; return 0xFFFD; }
	std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
	for (int k = 1; k < len; ++k)
	{
		unsigned char d = static_cast<unsigned char>(s[i + k]);
		if ((d & 0xC0) != 0x80) { ++i; return 0xFFFD; }
		cp = (cp << 6) | (d & 0x3F);
	}
	i += len;
	return cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : cp;
}

void flush(std::string& out, std::vector<std::uint16_t>& units)
{
	if (units.empty()) return;
	out += '&';
	std::uint32_t bits = 0;
	int count = 0;
	for (std::uint16_t u: units)
	{
		bits = (bits << 16) | u;
		count += 16;
		while (count >= 6)
		{
			count -= 6;
			out += ALPHABET[(bits >> count) & 0x3F];
		}
	}
	if (count > 0) out += ALPHABET[(bits << (6 - count)) & 0x3F];
	out += '-';
	units.clear();
}

} // namespace

std::string encodeMailboxName(const std::string& utf8)
{
	std::string out;
	std::vector<std::uint16_t> units;
	std::size_t i = 0;
	while (i < utf8.size())
	{
		std::uint32_t cp = nextCodePoint(utf8, i);
		if (cp >= 0x20 && cp <= 0x7E)
		{
			flush(out, units);
			out += cp == '&' ? std::string("&-") : std::string(1, char(cp));
		}
		else if (cp >= 0x10000)
		{
			cp -= 0x10000;
			units.push_back(std::uint16_t(0xD800 + (cp >> 10)));
			units.push_back(std::uint16_t(0xDC00 + (cp & 0x3FF)));
		}
		else
		{
			units.push_back(std::uint16_t(cp));
		}
	}
	flush(out, units);
	return out;
}

std::string decodeMailboxName(const std::string& in, bool* valid)
{
	if (valid) *valid = true;
	std::string out;
	std::size_t i = 0;
	auto fail = [&]() {
		if (valid) *valid = false;
		return in;
	};
	while (i < in.size())
	{
		char c = in[i];
		if (c != '&')
		{
			if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) return fail();
			out += c;
			++i;
			continue;
		}
		std::size_t end = in.find('-', i + 1);
		if (end == std::string::npos) return fail();
		if (end == i + 1)
		{
			out += '&';
			i = end + 1;
			continue;
		}
		std::uint32_t bits = 0;
		int count = 0;
		std::vector<std::uint16_t> units;
		for (std::size_t k = i + 1; k < end; ++k)
		{
			int v = value(in[k]);
			if (v < 0) return fail();
			bits = (bits << 6) | std::uint32_t(v);
			count += 6;
			if (count >= 16)
			{
				count -= 16;
				units.push_back(std::uint16_t((bits >> count) & 0xFFFF));
			}
		}
		if (units.empty()) return fail();
		for (std::size_t k = 0; k < units.size(); ++k)
		{
			std::uint32_t u = units[k];
			if (u >= 0xD800 && u <= 0xDBFF)
			{
				if (k + 1 >= units.size() || units[k + 1] < 0xDC00 || units[k + 1] > 0xDFFF) return fail();
				u = 0x10000 + ((u - 0xD800) << 10) + (units[k + 1] - 0xDC00);
				++k;
			}
			else if (u >= 0xDC00 && u <= 0xDFFF)
			{
				return fail();
			}
			appendUtf8(out, u);
		}
		i = end + 1;
	}
	return out;
}

} } // namespace mailbridge::imap
