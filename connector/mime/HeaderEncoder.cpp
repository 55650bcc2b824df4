//
// HeaderEncoder.cpp
//

#include "connector/mime/HeaderEncoder.h"

#include <cstdint>

namespace mailbridge {
namespace mime {

namespace {

const char HEX[] = "0123456789ABCDEF";
const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool isAscii(std::string_view s)
{
	for (char c: s)
	{
		if (static_cast<unsigned char>(c) >= 0x80) return false;
	}
	return true;
}

std::string b64(std::string_view s)
{
	std::string out;
	const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
	for (std::size_t i = 0; i < s.size(); i += 3)
	{
		std::uint32_t v = static_cast<std::uint32_t>(p[i]) << 16;
		if (i + 1 < s.size()) v |= static_cast<std::uint32_t>(p[i + 1]) << 8;
		if (i + 2 < s.size()) v |= p[i + 2];
		out.push_back(ALPHABET[(v >> 18) & 63]);
		out.push_back(ALPHABET[(v >> 12) & 63]);
		out.push_back(i + 1 < s.size() ? ALPHABET[(v >> 6) & 63] : '=');
		out.push_back(i + 2 < s.size() ? ALPHABET[v & 63] : '=');
	}
	return out;
}

// Characters a Q-encoded word may carry as themselves (RFC 2047 5(3)).
bool qSafe(unsigned char c, bool phrase)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
	if (phrase) return c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
	return c > 32 && c < 127 && c != '=' && c != '?' && c != '_' && c != '"' && c != '(' && c != ')' && c != ',';
}

std::string qEncode(std::string_view s, bool phrase)
{
	std::string out;
	for (char ch: s)
	{
		unsigned char c = static_cast<unsigned char>(ch);
		if (c == ' ') out.push_back('_');
		else if (qSafe(c, phrase)) out.push_back(static_cast<char>(c));
		else
		{
			out.push_back('=');
			out.push_back(HEX[c >> 4]);
			out.push_back(HEX[c & 15]);
		}
	}
	return out;
}

// Length of the UTF-8 character starting with c.
std::size_t charLength(unsigned char c)
{
	if (c >= 0xF0) return 4;
	if (c >= 0xE0) return 3;
	if (c >= 0xC0) return 2;
	return 1;
}

bool needsQuotes(std::string_view name)
{
	for (char c: name)
	{
		if (std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos) return true;
	}
	return false;
}

} // namespace

std::string HeaderEncoder::clean(std::string_view value)
{
	std::string r;
	r.reserve(value.size());
	for (char c: value)
	{
		unsigned char u = static_cast<unsigned char>(c);
		r.push_back(u < 32 || u == 127 ? ' ' : c);
	}
	return r;
}

std::string HeaderEncoder::encodedWords(std::string_view utf8, bool phrase)
{
	// Cut the text into pieces whose encoded form fits in 75 characters
	// ("=?UTF-8?Q?" + payload + "?=" is 12 characters of frame).
	const std::size_t maxPayload = 75 - 12;
	std::string out;
	std::size_t i = 0;
	while (i < utf8.size())
	{
		std::size_t j = i;
		std::string best;
		char bestKind = 'Q';
		while (j < utf8.size())
		{
			std::size_t n = charLength(static_cast<unsigned char>(utf8[j]));
			if (j + n > utf8.size()) n = utf8.size() - j;
			std::string_view piece = utf8.substr(i, j + n - i);
			std::string q = qEncode(piece, phrase);
			std::string b = b64(piece);
			bool useB = b.size() < q.size();
			const std::string& enc = useB ? b : q;
			if (enc.size() > maxPayload && j > i) break;
			best = enc;
			bestKind = useB ? 'B' : 'Q';
			j += n;
		}
		if (!out.empty()) out.push_back(' ');
		out += "=?UTF-8?";
		out.push_back(bestKind);
		out += "?" + best + "?=";
		i = j;
	}
	return out;
}

std::string HeaderEncoder::unstructured(std::string_view utf8)
{
	std::string text = clean(utf8);
	bool plain = isAscii(text) && text.find("=?") == std::string::npos;
	std::size_t word = 0;
	for (char c: text)
	{
		word = c == ' ' ? 0 : word + 1;
		if (word > 76) plain = false;
	}
	return plain ? text : encodedWords(text, false);
}

std::string HeaderEncoder::mailbox(const Address& a)
{
	std::string address = clean(a.address);
	std::string name = clean(a.name);
	if (name.empty()) return address;
	std::string phrase;
	if (!isAscii(name) || name.find("=?") != std::string::npos) phrase = encodedWords(name, true);
	else if (needsQuotes(name))
	{
		phrase = "\"";
		for (char c: name)
		{
			if (c == '"' || c == '\\') phrase.push_back('\\');
			phrase.push_back(c);
		}
		phrase += "\"";
	}
	else phrase = name;
	return phrase + " <" + address + ">";
}

std::string HeaderEncoder::mailboxList(const std::vector<Address>& addresses)
{
	std::string r;
	for (const Address& a: addresses)
	{
		if (!r.empty()) r += ", ";
		r += mailbox(a);
	}
	return r;
}

std::string HeaderEncoder::fileNameParams(std::string_view name, std::string_view utf8)
{
	std::string value = clean(utf8);
	bool plain = isAscii(value) && value.size() <= 60;
	if (plain)
	{
		std::string r = "; " + std::string(name) + "=\"";
		for (char c: value)
		{
			if (c == '"' || c == '\\') r.push_back('\\');
			r.push_back(c);
		}
		return r + "\"";
	}
	// Percent-encode, then cut into sections without splitting an escape.
	std::string encoded;
	for (char ch: value)
	{
		unsigned char c = static_cast<unsigned char>(ch);
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
			|| c == '.' || c == '-' || c == '_' || c == '!' || c == '~';
		if (keep) encoded.push_back(static_cast<char>(c));
		else
		{
			encoded.push_back('%');
			encoded.push_back(HEX[c >> 4]);
			encoded.push_back(HEX[c & 15]);
		}
	}
	std::string r;
	std::size_t pos = 0;
	int section = 0;
	while (pos < encoded.size() || section == 0)
	{
		std::size_t take = encoded.size() - pos < 60 ? encoded.size() - pos : 60;
		if (pos + take < encoded.size())
		{
			// Do not end a section inside "%XX".
			if (take >= 1 && encoded[pos + take - 1] == '%') take -= 1;
			else if (take >= 2 && encoded[pos + take - 2] == '%') take -= 2;
		}
		r += "; " + std::string(name) + "*" + std::to_string(section) + "*=";
		if (section == 0) r += "UTF-8''";
		r += encoded.substr(pos, take);
		pos += take;
		++section;
	}
	return r;
}

std::string HeaderEncoder::fold(std::string_view name, std::string_view value)
{
	std::string out(name);
	out += ":";
	std::size_t lineStart = 0;
	std::size_t i = 0;
	// Words are split at blanks; a word is written on the current line if it fits in 78.
	while (i < value.size())
	{
		while (i < value.size() && value[i] == ' ') ++i;
		std::size_t e = value.find(' ', i);
		if (e == std::string_view::npos) e = value.size();
		std::string_view word = value.substr(i, e - i);
		if (word.empty()) break;
		std::size_t lineLength = out.size() - lineStart;
		if (lineLength + 1 + word.size() > 78 && lineLength > name.size() + 1)
		{
			out += "\r\n";
			lineStart = out.size();
		}
		out.push_back(' ');
		// A word longer than a line allows is cut (only junk gets here).
		while (out.size() - lineStart + word.size() > 998)
		{
			std::size_t room = 998 - (out.size() - lineStart);
			out.append(word.data(), room);
			word.remove_prefix(room);
			out += "\r\n ";
			lineStart = out.size() - 1;
		}
		out.append(word.data(), word.size());
		i = e;
	}
	out += "\r\n";
	return out;
}

} } // namespace mailbridge::mime
