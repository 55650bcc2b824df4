//
// HtmlToText.cpp
//

#include "connector/mime/HtmlToText.h"
#include "connector/mime/Charsets.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <unordered_map>

namespace mailbridge {
namespace mime {

namespace {

struct Entity
{
	std::string_view name;  // its length is known: no strlen per comparison
	unsigned cp;
};

const Entity ENTITIES[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
	{"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014},
	{"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
	{"sbquo", 0x201A}, {"bdquo", 0x201E}, {"laquo", 0xAB}, {"raquo", 0xBB}, {"bull", 0x2022},
	{"middot", 0xB7}, {"euro", 0x20AC}, {"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2}, {"sect", 0xA7},
	{"deg", 0xB0}, {"plusmn", 0xB1}, {"times", 0xD7}, {"divide", 0xF7}, {"para", 0xB6}, {"shy", 0xAD},
	{"iexcl", 0xA1}, {"iquest", 0xBF}, {"szlig", 0xDF}, {"auml", 0xE4}, {"ouml", 0xF6}, {"uuml", 0xFC},
	{"Auml", 0xC4}, {"Ouml", 0xD6}, {"Uuml", 0xDC}, {"eacute", 0xE9}, {"Eacute", 0xC9}, {"egrave", 0xE8},
	{"Egrave", 0xC8}, {"ecirc", 0xEA}, {"euml", 0xEB}, {"aacute", 0xE1}, {"agrave", 0xE0}, {"acirc", 0xE2},
	{"atilde", 0xE3}, {"aring", 0xE5}, {"aelig", 0xE6}, {"ccedil", 0xE7}, {"Ccedil", 0xC7}, {"iacute", 0xED},
	{"igrave", 0xEC}, {"icirc", 0xEE}, {"iuml", 0xEF}, {"ntilde", 0xF1}, {"Ntilde", 0xD1}, {"oacute", 0xF3},
	{"ograve", 0xF2}, {"ocirc", 0xF4}, {"otilde", 0xF5}, {"oslash", 0xF8}, {"Oslash", 0xD8}, {"uacute", 0xFA},
	{"ugrave", 0xF9}, {"ucirc", 0xFB}, {"yacute", 0xFD}, {"yuml", 0xFF}, {"Aacute", 0xC1}, {"Agrave", 0xC0},
	{"Aring", 0xC5}, {"AElig", 0xC6}, {"Oacute", 0xD3}, {"Uacute", 0xDA}, {"Iacute", 0xCD}, {"thinsp", 0x2009},
	{"ensp", 0x2002}, {"emsp", 0x2003}, {"zwnj", 0x200C}, {"zwj", 0x200D}, {"lrm", 0x200E}, {"rlm", 0x200F},
	{"dagger", 0x2020}, {"permil", 0x2030}, {"larr", 0x2190}, {"rarr", 0x2192}, {"uarr", 0x2191},
	{"darr", 0x2193}, {"frac12", 0xBD}, {"frac14", 0xBC}, {"frac34", 0xBE}, {"micro", 0xB5}, {"ordf", 0xAA},
	{"ordm", 0xBA}, {"sup2", 0xB2}, {"sup3", 0xB3}, {"alpha", 0x3B1}, {"beta", 0x3B2}, {"oelig", 0x153},
	{"OElig", 0x152}, {"scaron", 0x161}, {"Scaron", 0x160}, {"circ", 0x2C6}, {"tilde", 0x2DC},
};

// Elements whose content is not text.
const char* const DROPPED[] = {"script", "style", "head", "title", "template", "noscript", "xml", "object"};

// Elements that break the line before and after.
const char* const BLOCKS[] = {
	"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "dt", "dd",
	"blockquote", "pre", "hr", "section", "article", "header", "footer", "address", "center", "form",
	"fieldset", "nav", "aside", "main", "figure", "caption", "tbody", "thead", "tfoot", "body", "html",
};

// Elements after which an empty line follows.
const char* const PARAGRAPHS[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol"};

enum TagKind
{
	TAG_TEXT = 0,
	TAG_DROPPED = 1,
	TAG_BLOCK = 2,
	TAG_PARAGRAPH = 4
};

// One hash lookup per tag instead of walking the lists.
int tagKind(const std::string& name)
{
	static const std::unordered_map<std::string, int> KINDS = [] {
		std::unordered_map<std::string, int> m;
		for (const char* t: DROPPED) m[t] |= TAG_DROPPED;
		for (const char* t: BLOCKS) m[t] |= TAG_BLOCK;
		for (const char* t: PARAGRAPHS) m[t] |= TAG_PARAGRAPH;
		return m;
	}();
	auto it = KINDS.find(name);
	return it == KINDS.end() ? TAG_TEXT : it->second;
}

struct SpaceTable
{
	bool value[256];

	SpaceTable()
	{
		for (int i = 0; i < 256; ++i) value[i] = i == ' ' || i == '\t' || i == '\r' || i == '\n' || i == '\f';
	}
};

const SpaceTable SPACES;

inline bool space(char c)
{
	return SPACES.value[static_cast<unsigned char>(c)];
}

// How many of the eight bytes (little-endian order) come out of blank
// collapsing unchanged, when no blank is pending before them: the run up to
// the first control byte (tab, CR, LF, FF...) or double space, without a
// space at its end; 0 when the first byte is a space or a control byte.
inline unsigned plainPrefix(std::uint64_t x)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const std::uint64_t ones = 0x0101010101010101ULL;
	const std::uint64_t highs = 0x8080808080808080ULL;
	const std::uint64_t lows = 0x7F7F7F7F7F7F7F7FULL;
	// Exactly the bytes below 0x20, and exactly the ' ' bytes, as high bits.
	std::uint64_t controls = ~((x & lows) + ones * 0x60) & ~x & highs;
	std::uint64_t y = x ^ (ones * ' ');
	std::uint64_t spaces = ~(((y & lows) + lows) | y | lows);
	std::uint64_t bad = controls | (spaces & (spaces >> 8)) | (spaces & 0x80);
	unsigned k = bad == 0 ? 8 : static_cast<unsigned>(__builtin_ctzll(bad)) >> 3;
	if (k > 0 && (spaces >> (8 * k - 1)) & 1) --k;
	return k;
#else
	(void) x;
	return 0;
#endif
}

class Writer
{
public:
	void text(const char* p, std::size_t n, bool pre)
	{
		if (pre)
		{
			for (std::size_t i = 0; i < n; ++i)
			{
				char c = p[i];
				if (c == '\r') continue;
				if (c == '\n') newline();
				else put(c);
			}
			return;
		}
		// Blanks collapse to one space; written through a pointer, as this
		// loop sees every byte of an HTML body.
		const std::size_t old = _out.size();
		_out.resize(old + n + 1);
		char* base = &_out[0];
		char* w = base + old;
		bool pending = _space;
		for (std::size_t i = 0; i < n; ++i)
		{
			if (!pending && n - i >= 8)
			{
				// Ordinary text (single spaces between words) comes out as
				// it is: store eight bytes, keep those that need nothing.
				std::uint64_t x;
				std::memcpy(&x, p + i, 8);
				unsigned k = plainPrefix(x);
				if (k > 0)
				{
					std::memcpy(w, &x, 8);
					w += k;
					i += k - 1;
					continue;
				}
			}
			char c = p[i];
			if (space(c))
			{
				pending = true;
				continue;
			}
			if (pending && w > base && w[-1] != '\n') *w++ = ' ';
			pending = false;
			*w++ = c;
		}
		_space = pending;
		_out.resize(static_cast<std::size_t>(w - base));
	}

	void put(char c)
	{
		if (_space && !_out.empty() && _out.back() != '\n') _out.push_back(' ');
		_space = false;
		_out.push_back(c);
	}

	void putString(const std::string& s)
	{
		for (char c: s) put(c);
	}

	void newline()
	{
		trimTrailing();
		_out.push_back('\n');
		_space = false;
	}

	void breakLine(int lines)
	{
		// Ensure the text ends with at least `lines` line breaks (none at the start).
		trimTrailing();
		_space = false;
		if (_out.empty()) return;
		int have = 0;
		for (std::size_t k = _out.size(); k > 0 && _out[k - 1] == '\n'; --k) ++have;
		for (; have < lines; ++have) _out.push_back('\n');
	}

	std::string finish()
	{
		trimTrailing();
		while (!_out.empty() && _out.back() == '\n') _out.pop_back();
		return std::move(_out);
	}

private:
	void trimTrailing()
	{
		while (!_out.empty() && (_out.back() == ' ' || _out.back() == '\t')) _out.pop_back();
	}

	std::string _out;
	bool _space = false;
};

// The next '<' or '&' at or after i, eight bytes at a time.
std::size_t findMarkup(const char* h, std::size_t i, std::size_t n)
{
	const std::uint64_t ones = 0x0101010101010101ULL;
	const std::uint64_t highs = 0x8080808080808080ULL;
	while (n - i >= 8)
	{
		std::uint64_t w;
		std::memcpy(&w, h + i, 8);
		std::uint64_t a = w ^ (ones * '<');
		std::uint64_t b = w ^ (ones * '&');
		if ((((a - ones) & ~a) | ((b - ones) & ~b)) & highs) break;
		i += 8;
	}
	while (i < n && h[i] != '<' && h[i] != '&') ++i;
	return i;
}

} // namespace

bool HtmlToText::decodeEntity(std::string_view t, std::size_t& pos, std::string& out)
{
	std::size_t i = pos + 1;
	if (i >= t.size()) return false;
	if (t[i] == '#')
	{
		++i;
		unsigned cp = 0;
		bool hex = i < t.size() && (t[i] == 'x' || t[i] == 'X');
		if (hex) ++i;
		std::size_t start = i;
		while (i < t.size() && i - start < 8)
		{
			char c = t[i];
			int d = -1;
			if (c >= '0' && c <= '9') d = c - '0';
			else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
			if (d < 0) break;
			cp = cp * (hex ? 16 : 10) + static_cast<unsigned>(d);
			++i;
		}
		if (i == start) return false;
		if (i < t.size() && t[i] == ';') ++i;
		// Numeric references in 0x80..0x9F mean windows-1252, as browsers read them.
		if (cp >= 0x80 && cp <= 0x9F)
		{
			char b = static_cast<char>(cp);
			cp = 0;
			std::string tmp = Charsets::toUtf8(std::string_view(&b, 1), "windows-1252");
			out += tmp;
		}
		else Charsets::appendCodePoint(out, cp == 0xA0 ? ' ' : cp);
		pos = i;
		return true;
	}
	std::size_t start = i;
	while (i < t.size() && i - start < 10 && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= '0' && t[i] <= '9'))) ++i;
	if (i == start) return false;
	std::string_view name = t.substr(start, i - start);
	for (const Entity& e: ENTITIES)
	{
		if (name == e.name)
		{
			Charsets::appendCodePoint(out, e.cp == 0xA0 ? ' ' : e.cp);
			if (i < t.size() && t[i] == ';') ++i;
			pos = i;
			return true;
		}
	}
	return false;
}

std::string HtmlToText::convert(std::string_view h)
{
	Writer w;
	std::size_t i = 0;
	const std::size_t n = h.size();
	int pre = 0;
	std::string entity;
	std::set<std::string> unclosed;  // dropped elements known to have no close tag
	while (i < n)
	{
		// Text up to the next tag or entity.
		std::size_t stop = findMarkup(h.data(), i, n);
		w.text(h.data() + i, stop - i, pre > 0);
		i = stop;
		if (i >= n) break;
		if (h[i] == '&')
		{
			entity.clear();
			if (decodeEntity(h, i, entity)) w.putString(entity);
			else
			{
				w.put('&');
				++i;
			}
			continue;
		}
		// A tag, comment or declaration.
		if (h.compare(i, 4, "<!--") == 0)
		{
			std::size_t end = h.find("-->", i + 4);
			i = end == std::string_view::npos ? n : end + 3;
			continue;
		}
		std::size_t j = i + 1;
		bool closing = j < n && h[j] == '/';
		if (closing) ++j;
		if (j >= n || !(((h[j] | 0x20) >= 'a' && (h[j] | 0x20) <= 'z') || h[j] == '!' || h[j] == '?'))
		{
			w.put('<');  // a lone '<' in text
			++i;
			continue;
		}
		std::string name;
		while (j < n && !space(h[j]) && h[j] != '>' && h[j] != '/')
		{
			char c = h[j++];
			if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
			if (name.size() < 16) name.push_back(c);
		}
		// Skip attributes, honouring quotes.
		char quote = 0;
		while (j < n)
		{
			char c = h[j];
			if (quote)
			{
				if (c == quote) quote = 0;
			}
			else if (c == '"' || c == '\'')
			{
				if (j > 0 && h[j - 1] == '=') quote = c;
			}
			else if (c == '>') break;
			++j;
		}
		i = j < n ? j + 1 : n;
		const int kind = tagKind(name);
		const std::string_view tag(name);  // compared inline, length first
		if (!closing && (kind & TAG_DROPPED) && unclosed.count(name) == 0)
		{
			// Skip to the matching close tag.
			std::string close = "</" + name;
			std::size_t k = i;
			while (true)
			{
				k = h.find("</", k);
				if (k == std::string_view::npos) break;
				std::size_t m = 0;
				while (m < close.size() && k + m < n && (h[k + m] | 0x20) == (close[m] | 0x20)) ++m;
				if (m == close.size()) break;
				k += 2;
			}
			if (k == std::string_view::npos)
			{
				// Unclosed <title> or <head> in broken mail: drop only the tag
				// (and do not look for the close tag again).
				if (tag == "script" || tag == "style") i = n;
				unclosed.insert(name);
				continue;
			}
			std::size_t gt = h.find('>', k);
			i = gt == std::string_view::npos ? n : gt + 1;
			continue;
		}
		if (tag == "pre") pre += closing ? (pre > 0 ? -1 : 0) : 1;
		if (tag == "br")
		{
			w.newline();
			continue;
		}
		if (tag == "li" && !closing)
		{
			w.breakLine(1);
			w.putString("- ");
			continue;
		}
		if (tag == "td" || tag == "th")
		{
			if (closing) w.text(" ", 1, false);
			continue;
		}
		if (tag == "hr")
		{
			w.breakLine(1);
			w.putString("---");
			w.breakLine(1);
			continue;
		}
		if (kind & TAG_PARAGRAPH) w.breakLine(2);
		else if (kind & TAG_BLOCK) w.breakLine(1);
		else if (tag == "img" && !closing) continue;
	}
	return w.finish();
}

} } // namespace mailbridge::mime
