//
// EncodedWords.cpp
//

#include "connector/mime/EncodedWords.h"
#include "connector/mime/Charsets.h"
#include "connector/mime/TransferDecoding.h"

namespace mailbridge {
namespace mime {

namespace {

bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int hexValue(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

void decodeQ(std::string_view payload, std::string& out)
{
	for (std::size_t i = 0; i < payload.size(); ++i)
	{
		char c = payload[i];
		if (c == '_') out.push_back(' ');
		else if (c == '=' && i + 2 < payload.size() && hexValue(payload[i + 1]) >= 0 && hexValue(payload[i + 2]) >= 0)
		{
			out.push_back(static_cast<char>(hexValue(payload[i + 1]) * 16 + hexValue(payload[i + 2])));
			i += 2;
		}
		else out.push_back(c);
	}
}

} // namespace

bool EncodedWords::parseWord(std::string_view text, std::size_t pos, std::size_t& end,
	std::string& charset, char& encoding, std::string_view& payload)
{
	if (pos + 8 > text.size() || text[pos] != '=' || text[pos + 1] != '?') return false;
	std::size_t q1 = text.find('?', pos + 2);
	if (q1 == std::string_view::npos || q1 == pos + 2 || q1 - pos > 80) return false;
	for (std::size_t i = pos + 2; i < q1; ++i)
	{
		if (space(text[i]) || text[i] == '"' || text[i] == '=' ) return false;
	}
	if (q1 + 2 >= text.size() || text[q1 + 2] != '?') return false;
	char e = text[q1 + 1];
	if (e == 'b') e = 'B';
	if (e == 'q') e = 'Q';
	if (e != 'B' && e != 'Q') return false;
	std::size_t start = q1 + 3;
	std::size_t close = text.find("?=", start);
	if (close == std::string_view::npos) return false;
	// A Q payload has no blanks; a B payload that was folded may (they are skipped).
	for (std::size_t i = start; i < close; ++i)
	{
		if (space(text[i]) && e == 'Q') return false;
	}
	charset.assign(text.data() + pos + 2, q1 - pos - 2);
	encoding = e;
	payload = text.substr(start, close - start);
	end = close + 2;
	return true;
}

std::string EncodedWords::decode(std::string_view text)
{
	if (text.find("=?") == std::string_view::npos)
	{
		if (Charsets::isAscii(text.data(), text.size())) return std::string(text);
		return Charsets::toUtf8(text, "");
	}
	std::string out;
	out.reserve(text.size());
	std::string literal;      // raw text since the last encoded word
	std::string pendingBytes; // decoded bytes of adjacent words in one charset
	std::string pendingCharset;
	bool lastWasWord = false;

	auto flushWords = [&]() {
		if (!pendingBytes.empty())
			Charsets::appendUtf8(out, pendingBytes.data(), pendingBytes.size(), pendingCharset);
		pendingBytes.clear();
	};
	auto flushLiteral = [&]() {
		if (!literal.empty()) Charsets::appendUtf8(out, literal.data(), literal.size(), "");
		literal.clear();
	};

	std::size_t i = 0;
	while (i < text.size())
	{
		std::size_t end;
		std::string charset;
		char enc;
		std::string_view payload;
		if (text[i] == '=' && parseWord(text, i, end, charset, enc, payload))
		{
			bool onlySpace = true;
			for (char c: literal) onlySpace = onlySpace && space(c);
			if (lastWasWord && onlySpace) literal.clear();  // blanks between two words vanish
			std::size_t star = charset.find('*');
			if (star != std::string::npos) charset.erase(star);
			if (!literal.empty() || charset != pendingCharset) flushWords();
			flushLiteral();
			pendingCharset = charset;
			if (enc == 'B')
			{
				TransferDecoding::Base64Decoder d;
				d.decode(payload.data(), payload.size(), pendingBytes);
				d.finish(pendingBytes);
			}
			else decodeQ(payload, pendingBytes);
			lastWasWord = true;
			i = end;
			continue;
		}
		if (!space(text[i]))
		{
			flushWords();
			lastWasWord = false;
		}
		literal.push_back(text[i]);
		++i;
	}
	flushWords();
	flushLiteral();
	return out;
}

} } // namespace mailbridge::mime
