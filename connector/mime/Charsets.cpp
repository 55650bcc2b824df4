//
// Charsets.cpp
//
// windows-1252 and UTF-8 are handled here (they are most of the mail);
// everything else goes through iconv, one descriptor per charset and thread.
//

#include "connector/mime/Charsets.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <iconv.h>
#include <unordered_map>

namespace mailbridge {
namespace mime {

namespace {

const char REPLACEMENT[] = "\xEF\xBF\xBD";

// 0x80..0x9F of windows-1252; the five holes map to the C1 controls, as browsers do.
const unsigned short CP1252_HIGH[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

struct Alias
{
	const char* label;
	const char* name;
};

// Labels seen in real mail that iconv does not know or that name a subset
// of what senders actually use.
const Alias ALIASES[] = {
	{"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"unicode-1-1-utf-8", "utf-8"}, {"x-unicode20utf8", "utf-8"},
	{"us-ascii", "detect"}, {"ascii", "detect"}, {"ansi_x3.4-1968", "detect"}, {"us", "detect"},
	{"unknown-8bit", "detect"}, {"unknown", "detect"}, {"x-unknown", "detect"}, {"default", "detect"},
	{"x-user-defined", "detect"}, {"8bit", "detect"}, {"none", "detect"}, {"charset", "detect"},
	{"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso_8859-1", "windows-1252"},
	{"latin1", "windows-1252"}, {"latin-1", "windows-1252"}, {"l1", "windows-1252"}, {"cp819", "windows-1252"},
	{"8859-1", "windows-1252"}, {"iso-ir-100", "windows-1252"}, {"windows-1252", "windows-1252"},
	{"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"}, {"windows1252", "windows-1252"},
	{"ansi", "windows-1252"}, {"iso-8859-1:1987", "windows-1252"},
	{"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"cp936", "GB18030"}, {"euc-cn", "GB18030"},
	{"csgb2312", "GB18030"}, {"chinese", "GB18030"}, {"gb_2312-80", "GB18030"}, {"gb18030", "GB18030"},
	{"x-euc-cn", "GB18030"}, {"windows-936", "GB18030"},
	{"ks_c_5601-1987", "CP949"}, {"ks_c_5601", "CP949"}, {"ks_c_5601-1989", "CP949"}, {"euc-kr", "CP949"},
	{"ksc5601", "CP949"}, {"korean", "CP949"}, {"windows-949", "CP949"}, {"cp949", "CP949"},
	{"x-windows-949", "CP949"}, {"ksc_5601", "CP949"}, {"csksc56011987", "CP949"},
	{"x-sjis", "CP932"}, {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"ms_kanji", "CP932"},
	{"windows-31j", "CP932"}, {"cp932", "CP932"}, {"x-ms-cp932", "CP932"}, {"csshiftjis", "CP932"},
	{"csiso2022jp", "ISO-2022-JP-2"}, {"iso-2022-jp", "ISO-2022-JP-2"}, {"iso-2022-jp-2", "ISO-2022-JP-2"},
	{"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"},
	{"big5", "BIG5-HKSCS"}, {"big-5", "BIG5-HKSCS"}, {"x-x-big5", "BIG5-HKSCS"}, {"cn-big5", "BIG5-HKSCS"},
	{"big5-hkscs", "BIG5-HKSCS"}, {"x-big5", "BIG5-HKSCS"},
	{"iso-8859-9", "CP1254"}, {"latin5", "CP1254"}, {"iso-8859-11", "CP874"}, {"tis-620", "CP874"},
	{"windows-874", "CP874"}, {"iso-8859-8-i", "ISO-8859-8"}, {"iso-8859-6-i", "ISO-8859-6"},
	{"utf-7", "UTF-7"}, {"unicode", "UTF-16"}, {"utf-16", "UTF-16"}, {"ucs-2", "UTF-16"},
	{"macintosh", "MACINTOSH"}, {"mac", "MACINTOSH"}, {"x-mac-roman", "MACINTOSH"},
};

std::string lower(std::string_view s)
{
	std::string r(s);
	for (char& c: r)
	{
		if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
	}
	return r;
}

// iconv descriptors are costly to open; keep one per charset for the thread.
class IconvCache
{
public:
	~IconvCache()
	{
		for (auto& e: _open)
		{
			if (e.second != reinterpret_cast<iconv_t>(-1)) iconv_close(e.second);
		}
	}

	iconv_t get(const std::string& name)
	{
		auto it = _open.find(name);
		if (it != _open.end()) return it->second;
		iconv_t cd = iconv_open("UTF-8", name.c_str());
		_open.emplace(name, cd);
		return cd;
	}

private:
	std::unordered_map<std::string, iconv_t> _open;
};

IconvCache& iconvCache()
{
	thread_local IconvCache cache;
	return cache;
}

// The first byte of [p, end) that is 0x80 or above, sixteen or eight bytes
// at a time; end if there is none.
inline const unsigned char* skipAscii(const unsigned char* p, const unsigned char* end)
{
#if defined(__SSE2__) && defined(__GNUC__)
	while (end - p >= 16)
	{
		unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
		if (m != 0) return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	while (end - p >= 8)
	{
		std::uint64_t w;
		std::memcpy(&w, p, 8);
		if ((w & 0x8080808080808080ULL) != 0) break;
		p += 8;
	}
	while (p < end && *p < 0x80) ++p;
	return p;
}

void appendCp1252(std::string& out, const char* data, std::size_t size)
{
	const std::size_t old = out.size();
	out.resize(old + size * 3);  // at most three UTF-8 bytes per byte
	unsigned char* w = reinterpret_cast<unsigned char*>(&out[0] + old);
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
	const unsigned char* end = p + size;
	while (p < end)
	{
		// ASCII in runs, found many bytes at a time.
		const unsigned char* q = skipAscii(p, end);
		std::memcpy(w, p, static_cast<std::size_t>(q - p));
		w += q - p;
		p = q;
		if (p == end) break;
		unsigned char c = *p++;
		if (c < 0xA0)
		{
			unsigned cp = CP1252_HIGH[c - 0x80];
			if (cp < 0x800)
			{
				*w++ = static_cast<unsigned char>(0xC0 | (cp >> 6));
				*w++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
			}
			else
			{
				*w++ = static_cast<unsigned char>(0xE0 | (cp >> 12));
				*w++ = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
				*w++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
			}
		}
		else
		{
			*w++ = static_cast<unsigned char>(0xC0 | (c >> 6));
			*w++ = static_cast<unsigned char>(0x80 | (c & 0x3F));
		}
	}
	out.resize(static_cast<std::size_t>(reinterpret_cast<char*>(w) - out.data()));
}

bool appendIconv(std::string& out, const char* data, std::size_t size, const std::string& name)
{
	iconv_t cd = iconvCache().get(name);
	if (cd == reinterpret_cast<iconv_t>(-1)) return false;
	iconv(cd, nullptr, nullptr, nullptr, nullptr);
	char* in = const_cast<char*>(data);
	std::size_t inLeft = size;
	char buffer[4096];
	while (inLeft > 0)
	{
		char* o = buffer;
		std::size_t oLeft = sizeof(buffer);
		std::size_t r = iconv(cd, &in, &inLeft, &o, &oLeft);
		out.append(buffer, o - buffer);
		if (r != static_cast<std::size_t>(-1)) continue;
		if (errno == E2BIG) continue;
		// EILSEQ or EINVAL (truncated at the end): one replacement, skip a byte.
		out.append(REPLACEMENT, 3);
		++in;
		--inLeft;
		iconv(cd, nullptr, nullptr, nullptr, nullptr);
	}
	// Flush a pending shift state (stateful encodings).
	char* o = buffer;
	std::size_t oLeft = sizeof(buffer);
	iconv(cd, nullptr, nullptr, &o, &oLeft);
	out.append(buffer, o - buffer);
	return true;
}

// Length of the valid UTF-8 sequence at p, or 0.
inline std::size_t utf8Sequence(const unsigned char* p, const unsigned char* end)
{
	unsigned char c = p[0];
	if (c < 0x80) return 1;
	// Two-byte sequences (Latin letters) are the common case.
	if (c >= 0xC2 && c <= 0xDF) return end - p >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	std::size_t n;
	unsigned cp;
	if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
	else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
	else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
	else return 0;
	if (static_cast<std::size_t>(end - p) < n) return 0;
	for (std::size_t i = 1; i < n; ++i)
	{
		if ((p[i] & 0xC0) != 0x80) return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
	if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
	return n;
}

bool hasIso2022Escape(const char* data, std::size_t size)
{
	const char* p = data;
	const char* end = data + size;
	while ((p = static_cast<const char*>(std::memchr(p, 0x1B, end - p))) != nullptr)
	{
		if (end - p >= 3 && (p[1] == '$' && (p[2] == 'B' || p[2] == '@' || p[2] == '(')))
			return true;
		if (end - p >= 3 && p[1] == '(' && (p[2] == 'J' || p[2] == 'I'))
			return true;
		++p;
	}
	return false;
}

} // namespace

std::string Charsets::canonical(std::string_view label)
{
	// The two labels on most mail, without the table walk.
	if (label.size() == 5 && (label[0] | 0x20) == 'u' && (label[1] | 0x20) == 't' && (label[2] | 0x20) == 'f'
		&& label[3] == '-' && label[4] == '8')
		return "utf-8";
	if (label.size() == 8 && (label[0] | 0x20) == 'u' && (label[1] | 0x20) == 's' && label[2] == '-'
		&& (label[3] | 0x20) == 'a' && (label[4] | 0x20) == 's' && (label[5] | 0x20) == 'c'
		&& (label[6] | 0x20) == 'i' && (label[7] | 0x20) == 'i')
		return "detect";
	// Trim, drop quotes and an RFC 2231 language suffix ("utf-8*en").
	std::size_t b = 0, e = label.size();
	while (b < e && (label[b] == ' ' || label[b] == '\t' || label[b] == '"' || label[b] == '\'')) ++b;
	while (e > b && (label[e - 1] == ' ' || label[e - 1] == '\t' || label[e - 1] == '"' || label[e - 1] == '\'' || label[e - 1] == ';')) --e;
	std::string l = lower(label.substr(b, e - b));
	std::size_t star = l.find('*');
	if (star != std::string::npos) l.erase(star);
	if (l.empty()) return "detect";
	for (const Alias& a: ALIASES)
	{
		if (l == a.label) return a.name;
	}
	if (l.compare(0, 8, "windows-") == 0 && l.size() == 12) return "CP" + l.substr(8);
	if (l.compare(0, 3, "cp-") == 0) return "CP" + l.substr(3);
	std::string upper(l);
	for (char& c: upper)
	{
		if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
	}
	return upper;
}

bool Charsets::isAscii(const char* data, std::size_t size)
{
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
	std::size_t i = 0;
	for (; i + 8 <= size; i += 8)
	{
		std::uint64_t w;
		std::memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL) return false;
	}
	for (; i < size; ++i)
	{
		if (p[i] & 0x80) return false;
	}
	return true;
}

bool Charsets::isValidUtf8(const char* data, std::size_t size)
{
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
	const unsigned char* end = p + size;
	while ((p = skipAscii(p, end)) < end)
	{
		std::size_t n = utf8Sequence(p, end);
		if (n == 0) return false;
		p += n;
	}
	return true;
}

void Charsets::appendSanitizedUtf8(std::string& out, const char* data, std::size_t size)
{
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
	const unsigned char* end = p + size;
	const unsigned char* run = p;
	while ((p = skipAscii(p, end)) < end)
	{
		std::size_t n = utf8Sequence(p, end);
		if (n > 0)
		{
			p += n;
			continue;
		}
		out.append(reinterpret_cast<const char*>(run), p - run);
		out.append(REPLACEMENT, 3);
		++p;
		run = p;
	}
	out.append(reinterpret_cast<const char*>(run), p - run);
}

std::string Charsets::detect(const char* data, std::size_t size)
{
	if (hasIso2022Escape(data, size)) return "iso-2022-jp";
	if (isAscii(data, size)) return "us-ascii";
	if (isValidUtf8(data, size)) return "utf-8";
	return "windows-1252";
}

void Charsets::appendCodePoint(std::string& out, unsigned cp)
{
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
	if (cp < 0x80) out.push_back(static_cast<char>(cp));
	else if (cp < 0x800)
	{
		out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
		out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	}
	else if (cp < 0x10000)
	{
		out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
		out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	}
	else
	{
		out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
		out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	}
}

void Charsets::appendUtf8(std::string& out, const char* data, std::size_t size, std::string_view label)
{
	std::string name = canonical(label);
	if (name == "utf-8" && std::memchr(data, 0x1B, size) == nullptr)
	{
		appendSanitizedUtf8(out, data, size);  // one pass; ASCII is copied eight bytes at a time
		return;
	}
	if (name == "detect" || name == "utf-8" || name == "windows-1252")
	{
		// Text that is plain ASCII needs nothing whatever the label says,
		// unless it carries ISO-2022-JP escapes under a wrong label.
		bool escapes = std::memchr(data, 0x1B, size) != nullptr && hasIso2022Escape(data, size);
		if (!escapes && isAscii(data, size))
		{
			out.append(data, size);
			return;
		}
		if (escapes && name != "utf-8") name = "ISO-2022-JP-2";
		else if (name == "detect") name = isValidUtf8(data, size) ? "utf-8" : "windows-1252";
	}
	if (name == "utf-8")
	{
		appendSanitizedUtf8(out, data, size);
		return;
	}
	if (name == "windows-1252")
	{
		appendCp1252(out, data, size);
		return;
	}
	std::size_t mark = out.size();
	if (appendIconv(out, data, size, name)) return;
	out.resize(mark);
	// Unknown label: read the bytes as undeclared text.
	appendUtf8(out, data, size, "");
}

std::string Charsets::toUtf8(std::string_view text, std::string_view label)
{
	std::string out;
	appendUtf8(out, text.data(), text.size(), label);
	return out;
}

} } // namespace mailbridge::mime
