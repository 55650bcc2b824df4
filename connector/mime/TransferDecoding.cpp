//
// TransferDecoding.cpp
//

#include "connector/mime/TransferDecoding.h"
#include "connector/mime/Charsets.h"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mailbridge {
namespace mime {

namespace {

struct Base64Table
{
	signed char value[256];

	Base64Table()
	{
		std::memset(value, -1, sizeof(value));
		const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		for (int i = 0; i < 64; ++i) value[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
		// The URL-safe alphabet shows up in mail from some web services.
		value[static_cast<unsigned char>('-')] = 62;
		value[static_cast<unsigned char>('_')] = 63;
	}
};

const Base64Table B64_TABLE;

struct HexTable
{
	signed char value[256];

	HexTable()
	{
		for (int i = 0; i < 256; ++i) value[i] = -1;
		for (int i = 0; i < 10; ++i) value['0' + i] = static_cast<signed char>(i);
		for (int i = 0; i < 6; ++i)
		{
			value['A' + i] = static_cast<signed char>(10 + i);
			value['a' + i] = static_cast<signed char>(10 + i);
		}
	}
};

const HexTable HEX;

inline int hexValue(char c)
{
	return HEX.value[static_cast<unsigned char>(c)];
}

bool blank(char c)
{
	return c == ' ' || c == '\t';
}

// Bytes that end a literal run in quoted-printable text.
struct QpStops
{
	bool stop[256];

	QpStops()
	{
		for (int i = 0; i < 256; ++i) stop[i] = false;
		stop[static_cast<unsigned char>('=')] = true;
		stop[static_cast<unsigned char>('\r')] = true;
		stop[static_cast<unsigned char>('\n')] = true;
	}
};

const QpStops QP_STOPS;

// Marks the '=', CR and LF bytes of an eight-byte word: in the mark of
// each, the lowest set bit is exact (higher ones may be false).
inline std::uint64_t qpStopMask(std::uint64_t w)
{
	const std::uint64_t ones = 0x0101010101010101ULL;
	const std::uint64_t highs = 0x8080808080808080ULL;
	std::uint64_t a = w ^ (ones * '=');
	std::uint64_t b = w ^ (ones * '\r');
	std::uint64_t c = w ^ (ones * '\n');
	return (((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c)) & highs;
}

// The next '=', CR or LF at or after p, eight bytes at a time. Every byte
// looked at is OR-ed into seen, which tells whether literal text had 8-bit bytes.
inline const char* findQpStop(const char* p, const char* end, std::uint64_t& seen)
{
	while (end - p >= 8)
	{
		std::uint64_t w;
		std::memcpy(&w, p, 8);
		if (qpStopMask(w)) break;
		seen |= w;
		p += 8;
	}
	while (p < end && !QP_STOPS.stop[static_cast<unsigned char>(*p)])
	{
		seen |= static_cast<unsigned char>(*p);
		++p;
	}
	return p;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MB_QP_WORD_COPY 1
#endif

// Decodes quoted-printable from [p, end) into out. When final is false, an
// incomplete escape or blanks at the very end are left undecoded and the
// number of bytes consumed is returned. With lineFeeds, CRLF becomes LF.
template <class Out>
std::size_t qpDecode(const char* p, const char* end, Out& out, bool final, bool lineFeeds = false)
{
	const char* start = p;
	std::uint64_t seen = 0;
	while (p < end)
	{
		// The literal run [p, stop) is written on the way.
		const char* stop = out.literalRun(p, end, seen);
		if (stop >= end || *stop != '=')
		{
			// Blanks before a line break (or the end) are transport padding.
			const char* e = stop;
			while (e > p && blank(e[-1])) --e;
			if (stop >= end && !final && stop - e > 1024)
			{
				// The blanks may precede a line break: hold them back, but
				// no more than a line's worth, so memory stays bounded.
				e = stop - 1024;
			}
			out.unwrite(static_cast<std::size_t>(stop - e));
			if (stop >= end)
			{
				if (!final) return e - start;
				p = end;
				break;
			}
		}
		p = stop;
		char c = *p;
		if (c == '=')
		{
			if (end - p < 3 && !final)
			{
				// "=", "=X" or "=\r" at the chunk end: wait for more.
				return p - start;
			}
			if (end - p >= 3)
			{
				int hi = hexValue(p[1]), lo = hexValue(p[2]);
				if ((hi | lo) >= 0)
				{
					auto run = out.mark();
					out.push(static_cast<char>(hi * 16 + lo));
					p += 3;
					// Escapes come in runs (the bytes of one UTF-8 character),
					// which encoders may cut with a soft line break.
					while (end - p >= 3 && p[0] == '=')
					{
						hi = hexValue(p[1]);
						lo = hexValue(p[2]);
						if ((hi | lo) < 0)
						{
							const char* q = p + 1;
							if (*q == '\r') ++q;
							if (q < end && *q == '\n' && end - q >= 4 && q[1] == '=' && (hexValue(q[2]) | hexValue(q[3])) >= 0)
							{
								p = q + 1;
								continue;
							}
							break;
						}
						out.push(static_cast<char>(hi * 16 + lo));
						p += 3;
					}
					out.escapeRun(run);
					continue;
				}
			}
			// Soft line break, possibly with blanks after the '='.
			const char* q = p + 1;
			while (q < end && blank(*q)) ++q;
			if (q < end && *q == '\r') ++q;
			if (q < end && *q == '\n')
			{
				p = q + 1;
				continue;
			}
			if (q >= end && !final)
			{
				if (q - p <= 1024) return p - start;  // wait for what follows
				out.push('=');  // junk: a '=' and a page of blanks
				++p;
				continue;
			}
			if (q >= end)
			{
				p = end;  // "=" at the very end: a soft break with nothing after it
				continue;
			}
			out.push('=');
			++p;
			continue;
		}
		// Line break: emit as is (CRLF or bare LF), or as LF.
		if (!(lineFeeds && c == '\r' && p + 1 < end && p[1] == '\n')) out.push(c);
		++p;
	}
	out.literal(seen);
	return p - start;
}

struct PtrOut
{
	char* w;
	bool utf8 = true;  ///< what was written is known to be valid UTF-8

	void append(const char* p, std::size_t n)
	{
		std::memcpy(w, p, n);
		w += n;
	}
	void push(char c) { *w++ = c; }
	void unwrite(std::size_t n) { w -= n; }

	// Copies bytes up to the next '=', CR or LF and returns where it stopped.
	// Whole words are stored before they are looked at: the output never
	// runs ahead of the input, so a word always fits.
	const char* literalRun(const char* p, const char* end, std::uint64_t& seen)
	{
#if defined(MB_QP_WORD_COPY) && defined(__SSE2__)
		// Sixteen bytes at a time where SSE2 is there (every x86-64).
		const __m128i eq = _mm_set1_epi8('=');
		const __m128i cr = _mm_set1_epi8('\r');
		const __m128i lf = _mm_set1_epi8('\n');
		__m128i high = _mm_setzero_si128();
		while (end - p >= 16)
		{
			__m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
			_mm_storeu_si128(reinterpret_cast<__m128i*>(w), x);
			__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, eq), _mm_cmpeq_epi8(x, cr)), _mm_cmpeq_epi8(x, lf));
			unsigned stops = static_cast<unsigned>(_mm_movemask_epi8(hit));
			if (stops != 0)
			{
				unsigned k = static_cast<unsigned>(__builtin_ctz(stops));
				unsigned before = static_cast<unsigned>(_mm_movemask_epi8(x)) & ((1u << k) - 1);
				if (before != 0 || _mm_movemask_epi8(high) != 0) seen |= 0x80;
				w += k;
				return p + k;
			}
			high = _mm_or_si128(high, x);
			w += 16;
			p += 16;
		}
		if (_mm_movemask_epi8(high) != 0) seen |= 0x80;
#endif
#ifdef MB_QP_WORD_COPY
		while (end - p >= 8)
		{
			std::uint64_t x;
			std::memcpy(&x, p, 8);
			std::memcpy(w, &x, 8);
			std::uint64_t stops = qpStopMask(x);
			if (stops != 0)
			{
				unsigned k = static_cast<unsigned>(__builtin_ctzll(stops)) >> 3;
				if (k > 0) seen |= x & (~0ULL >> (64 - 8 * k));
				w += k;
				return p + k;
			}
			seen |= x;
			w += 8;
			p += 8;
		}
#endif
		const char* stop = findQpStop(p, end, seen);
		append(p, static_cast<std::size_t>(stop - p));
		return stop;
	}

	char* mark() const { return w; }
	void escapeRun(const char* begin)
	{
		// Bytes from one run of escapes: whole UTF-8 characters, or unknown.
		if (utf8 && !Charsets::isValidUtf8(begin, static_cast<std::size_t>(w - begin))) utf8 = false;
	}
	void literal(std::uint64_t seen)
	{
		if (seen & 0x8080808080808080ULL) utf8 = false;  // 8-bit bytes left unescaped
	}
};

// Decodes into the end of out, which is first grown by the input size:
// quoted-printable never decodes to more bytes than it has. Returns the
// bytes consumed; utf8 tells whether the output is known to be valid UTF-8.
std::size_t qpInto(std::string& out, const char* p, const char* end, bool final, bool lineFeeds, bool& utf8)
{
	const std::size_t old = out.size();
	out.resize(old + static_cast<std::size_t>(end - p));
	PtrOut o{&out[0] + old};
	std::size_t used = qpDecode(p, end, o, final, lineFeeds);
	out.resize(static_cast<std::size_t>(o.w - out.data()));
	utf8 = o.utf8;
	return used;
}

std::size_t qpInto(std::string& out, const char* p, const char* end, bool final)
{
	bool utf8;
	return qpInto(out, p, end, final, false, utf8);
}

struct CountOut
{
	std::uint64_t n = 0;
	void append(const char*, std::size_t k) { n += k; }
	void push(char) { ++n; }
	void unwrite(std::size_t k) { n -= k; }
	const char* literalRun(const char* p, const char* end, std::uint64_t& seen)
	{
		const char* stop = findQpStop(p, end, seen);
		n += static_cast<std::uint64_t>(stop - p);
		return stop;
	}
	int mark() const { return 0; }
	void escapeRun(int) {}
	void literal(std::uint64_t) {}
};

} // namespace

TransferDecoding::Encoding TransferDecoding::encodingOf(std::string_view v)
{
	std::size_t b = 0;
	while (b < v.size() && (blank(v[b]) || v[b] == '"')) ++b;
	std::string e;
	for (std::size_t i = b; i < v.size() && e.size() < 32; ++i)
	{
		char c = v[i];
		if (blank(c) || c == ';' || c == '"' || c == '(') break;
		if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
		e.push_back(c);
	}
	if (e == "base64" || e == "x-base64") return BASE64;
	if (e == "quoted-printable" || e == "x-quoted-printable" || e == "qp") return QUOTED_PRINTABLE;
	return IDENTITY;
}

void TransferDecoding::Base64Decoder::decode(const char* data, std::size_t size, std::string& out)
{
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
	const unsigned char* end = p + size;
	const std::size_t old = out.size();
	out.resize(old + (size / 4 + 1) * 3);  // at most three bytes per four characters
	char* w = &out[0] + old;
	std::uint32_t bits = _bits;
	int count = _count;
	while (p < end)
	{
		// Fast path: four alphabet characters in a row.
		if (count == 0 && end - p >= 4)
		{
			int a = B64_TABLE.value[p[0]], b = B64_TABLE.value[p[1]], c = B64_TABLE.value[p[2]], d = B64_TABLE.value[p[3]];
			if ((a | b | c | d) >= 0)
			{
				std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
				w[0] = static_cast<char>(v >> 16);
				w[1] = static_cast<char>(v >> 8);
				w[2] = static_cast<char>(v);
				w += 3;
				p += 4;
				continue;
			}
		}
		unsigned char ch = *p++;
		int v = B64_TABLE.value[ch];
		if (v < 0)
		{
			// Padding ends a group: flush what it holds, so concatenated blobs decode too.
			if (ch == '=' && count > 0)
			{
				if (count == 2) *w++ = static_cast<char>(bits >> 4);
				else if (count == 3)
				{
					*w++ = static_cast<char>(bits >> 10);
					*w++ = static_cast<char>(bits >> 2);
				}
				bits = 0;
				count = 0;
			}
			continue;
		}
		bits = (bits << 6) | static_cast<std::uint32_t>(v);
		if (++count == 4)
		{
			w[0] = static_cast<char>(bits >> 16);
			w[1] = static_cast<char>(bits >> 8);
			w[2] = static_cast<char>(bits);
			w += 3;
			bits = 0;
			count = 0;
		}
	}
	out.resize(static_cast<std::size_t>(w - out.data()));
	_bits = bits;
	_count = count;
}

void TransferDecoding::Base64Decoder::finish(std::string& out)
{
	if (_count == 2) out.push_back(static_cast<char>(_bits >> 4));
	else if (_count == 3)
	{
		out.push_back(static_cast<char>(_bits >> 10));
		out.push_back(static_cast<char>(_bits >> 2));
	}
	_bits = 0;
	_count = 0;
}

void TransferDecoding::QuotedPrintableDecoder::decode(const char* data, std::size_t size, std::string& out)
{
	if (!_pending.empty())
	{
		// What was held back is a few bytes (or a run of blanks): join and go on.
		std::string joined;
		joined.swap(_pending);
		joined.append(data, size);
		std::size_t used = qpInto(out, joined.data(), joined.data() + joined.size(), false);
		_pending.assign(joined, used, std::string::npos);
		return;
	}
	std::size_t used = qpInto(out, data, data + size, false);
	_pending.assign(data + used, size - used);
}

void TransferDecoding::QuotedPrintableDecoder::finish(std::string& out)
{
	qpInto(out, _pending.data(), _pending.data() + _pending.size(), true);
	_pending.clear();
}

bool TransferDecoding::appendDecoded(std::string& out, Encoding enc, const char* data, std::size_t size, bool lineFeeds)
{
	if (enc == BASE64)
	{
		Base64Decoder d;
		d.decode(data, size, out);
		d.finish(out);
		return false;
	}
	if (enc == QUOTED_PRINTABLE)
	{
		bool utf8 = false;
		qpInto(out, data, data + size, true, lineFeeds, utf8);
		return utf8;
	}
	out.append(data, size);
	return false;
}

std::uint64_t TransferDecoding::decodedSize(Encoding enc, const char* data, std::size_t size)
{
	if (enc == BASE64)
	{
		const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
		std::uint64_t n = 0;
		std::size_t i = 0;
#if defined(__SSE2__) && defined(__GNUC__)
		// The alphabet of B64_TABLE, sixteen bytes at a time: bytes of 0x80
		// and above are negative here and fall outside every range.
		auto within = [](__m128i x, char lo, char hi) {
			return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
				_mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(hi + 1))));
		};
		for (; size - i >= 16; i += 16)
		{
			__m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
			__m128i in = _mm_or_si128(_mm_or_si128(within(x, 'A', 'Z'), within(x, 'a', 'z')), within(x, '0', '9'));
			in = _mm_or_si128(in, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('+')), _mm_cmpeq_epi8(x, _mm_set1_epi8('/'))));
			in = _mm_or_si128(in, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('-')), _mm_cmpeq_epi8(x, _mm_set1_epi8('_'))));
			n += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(_mm_movemask_epi8(in))));
		}
#endif
		for (; i < size; ++i) n += B64_TABLE.value[p[i]] >= 0;
		std::uint64_t bytes = n / 4 * 3;
		if (n % 4 == 2) bytes += 1;
		else if (n % 4 == 3) bytes += 2;
		return bytes;
	}
	if (enc == QUOTED_PRINTABLE)
	{
		CountOut o;
		qpDecode(data, data + size, o, true);
		return o.n;
	}
	return size;
}

void TransferDecoding::stream(Encoding enc, const char* data, std::size_t size, std::ostream& sink)
{
	const std::size_t CHUNK = 64 * 1024;
	std::string buffer;
	buffer.reserve(CHUNK + 16);
	if (enc == IDENTITY)
	{
		for (std::size_t off = 0; off < size; off += CHUNK)
			sink.write(data + off, static_cast<std::streamsize>(size - off < CHUNK ? size - off : CHUNK));
		return;
	}
	Base64Decoder b64;
	QuotedPrintableDecoder qp;
	for (std::size_t off = 0; off < size; off += CHUNK)
	{
		std::size_t n = size - off < CHUNK ? size - off : CHUNK;
		buffer.clear();
		if (enc == BASE64) b64.decode(data + off, n, buffer);
		else qp.decode(data + off, n, buffer);
		sink.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
	}
	buffer.clear();
	if (enc == BASE64) b64.finish(buffer);
	else qp.finish(buffer);
	sink.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

} } // namespace mailbridge::mime
