//
// BodyWalker.cpp
//

#include "connector/mime/BodyWalker.h"
#include "connector/mime/Charsets.h"
#include "connector/mime/Classifier.h"
#include "connector/mime/EncodedWords.h"
#include "connector/mime/FlowedText.h"
#include "connector/mime/TransferDecoding.h"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string_view>

namespace mailbridge {
namespace mime {

namespace {

std::string stripAngles(std::string_view v)
{
	std::string r;
	for (char c: v)
	{
		if (c != '<' && c != '>' && c != ' ' && c != '\t' && c != '"') r.push_back(c);
	}
	return r;
}

// Removes the CR of each CRLF in out[from, end), moving whole runs.
void toLf(std::string& out, std::size_t from)
{
	char* base = &out[0];
	const std::size_t n = out.size();
	const char* cr = static_cast<const char*>(std::memchr(base + from, '\r', n - from));
	if (cr == nullptr) return;
	std::size_t w = static_cast<std::size_t>(cr - base);
	std::size_t r = w;
	while (r < n)
	{
		// out[r] is a CR: drop it if an LF follows.
		if (r + 1 < n && base[r + 1] == '\n') ++r;
		else base[w++] = base[r++];
		const char* next = static_cast<const char*>(std::memchr(base + r, '\r', n - r));
		std::size_t stop = next == nullptr ? n : static_cast<std::size_t>(next - base);
		if (stop > r) std::memmove(base + w, base + r, stop - r);
		w += stop - r;
		r = stop;
	}
	out.resize(w);
}

// The first "\n--boundary" in [p, end), or null. Most bodies have no line
// that starts with '-', so lines are first picked by "\n-", sixteen
// positions at a time where SSE2 is there.
const char* findLineDelimiter(const char* p, const char* end, std::string_view lineDelim)
{
	const std::size_t n = lineDelim.size();
	if (static_cast<std::size_t>(end - p) < n) return nullptr;
	const char* last = end - n;  // the last place it can start
#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i nl = _mm_set1_epi8('\n');
	const __m128i dash = _mm_set1_epi8('-');
	while (last - p >= 16)
	{
		__m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
		__m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
		unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, nl), _mm_cmpeq_epi8(b, dash))));
		while (m != 0)
		{
			const char* c = p + __builtin_ctz(m);
			if (std::memcmp(c, lineDelim.data(), n) == 0) return c;
			m &= m - 1;
		}
		p += 16;
	}
#endif
	while (p <= last)
	{
		p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(last - p) + 1));
		if (p == nullptr) return nullptr;
		if (std::memcmp(p, lineDelim.data(), n) == 0) return p;
		++p;
	}
	return nullptr;
}

// The charset a <meta> tag declares in the first bytes of an HTML body.
std::string metaCharset(const char* p, std::size_t n)
{
	std::size_t limit = n < 4096 ? n : 4096;
	std::string_view head(p, limit);
	for (std::size_t i = 0; i + 8 < head.size(); ++i)
	{
		if ((head[i] | 0x20) == 'c' && (head[i + 1] | 0x20) == 'h' && (head[i + 2] | 0x20) == 'a'
			&& (head[i + 3] | 0x20) == 'r' && (head[i + 4] | 0x20) == 's' && (head[i + 5] | 0x20) == 'e'
			&& (head[i + 6] | 0x20) == 't' && head[i + 7] == '=')
		{
			std::size_t b = i + 8;
			while (b < head.size() && (head[b] == '"' || head[b] == '\'' || head[b] == ' ')) ++b;
			std::size_t e = b;
			while (e < head.size() && head[e] != '"' && head[e] != '\'' && head[e] != ';' && head[e] != '>' && head[e] != ' ' && head[e] != '/') ++e;
			return std::string(head.substr(b, e - b));
		}
	}
	return std::string();
}

// Joins the soft-wrapped lines of format=flowed text in target[mark, end).
void unflow(const ContentType& type, std::string& target, std::size_t mark)
{
	if (!type.is("text", "plain")) return;
	std::string format = type.params().get("format");
	if (format != "flowed" && format != "Flowed" && format != "FLOWED") return;
	std::string delSp = type.params().get("delsp");
	bool del = delSp == "yes" || delSp == "Yes" || delSp == "YES";
	std::string flowed = FlowedText::unwrap(std::string_view(target).substr(mark), del);
	target.resize(mark);
	target += flowed;
}

void appendParagraph(std::string& target, std::size_t mark)
{
	// Separate a further body part from the text before it by a line break.
	if (mark > 0 && target[mark - 1] != '\n') target.insert(mark, 1, '\n');
}

} // namespace

BodyWalker::BodyWalker(const char* data, std::size_t size, const ParseOptions& options, Message& out):
	_data(data),
	_size(size),
	_options(options),
	_out(out)
{
}

void BodyWalker::problem(std::string text)
{
	if (_out.problems.size() < 50) _out.problems.push_back(std::move(text));
}

std::string BodyWalker::safeFileName(const std::string& name)
{
	std::string r;
	for (char c: name)
	{
		unsigned char u = static_cast<unsigned char>(c);
		if (u < 32 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|')
			r.push_back('_');
		else r.push_back(c);
	}
	std::size_t b = r.find_first_not_of(" .");
	if (b == std::string::npos) return std::string();
	r.erase(0, b);
	while (!r.empty() && (r.back() == ' ' || r.back() == '.')) r.pop_back();
	if (r.size() > 200)
	{
		std::size_t cut = 200;
		while (cut > 0 && (static_cast<unsigned char>(r[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
		r.resize(cut);
	}
	return r;
}

bool BodyWalker::splitMultipart(const char* data, std::size_t begin, std::size_t end,
	const std::string& boundary, std::vector<Range>& parts, bool& closed)
{
	std::string lineDelim = "\n--" + boundary;
	std::string_view delim = std::string_view(lineDelim).substr(1);
	std::string_view all(data, end);
	closed = false;
	// Finds the next delimiter line at or after from; sets isClose. A
	// delimiter starts a line: the search is for it with the line break before it.
	auto next = [&](std::size_t from, bool& isClose, std::size_t& lineEnd) -> std::size_t {
		while (from < end)
		{
			std::size_t k;
			if ((from == begin || data[from - 1] == '\n') && all.compare(from, delim.size(), delim) == 0) k = from;
			else
			{
				const char* nl = findLineDelimiter(data + from, data + end, lineDelim);
				if (nl == nullptr) return std::string_view::npos;
				k = static_cast<std::size_t>(nl - data) + 1;
			}
			{
				std::size_t a = k + delim.size();
				isClose = a + 1 < end && data[a] == '-' && data[a + 1] == '-';
				if (isClose) a += 2;
				if (a >= end || data[a] == '\r' || data[a] == '\n' || data[a] == ' ' || data[a] == '\t' || isClose)
				{
					const char* nl = static_cast<const char*>(std::memchr(data + a, '\n', end - a));
					lineEnd = nl == nullptr ? end : static_cast<std::size_t>(nl - data) + 1;
					return k;
				}
			}
			from = k + 1;
		}
		return std::string_view::npos;
	};
	bool isClose = false;
	std::size_t lineEnd = 0;
	std::size_t k = next(begin, isClose, lineEnd);
	if (k == std::string_view::npos) return false;
	while (!isClose)
	{
		std::size_t partBegin = lineEnd;
		bool nextClose = false;
		std::size_t nextLineEnd = 0;
		std::size_t n = partBegin < end ? next(partBegin, nextClose, nextLineEnd) : std::string_view::npos;
		if (n == std::string_view::npos)
		{
			if (partBegin < end) parts.push_back(Range{partBegin, end});
			return true;
		}
		// The line break before the delimiter belongs to the delimiter.
		std::size_t partEnd = n;
		if (partEnd > partBegin && data[partEnd - 1] == '\n') --partEnd;
		if (partEnd > partBegin && data[partEnd - 1] == '\r') --partEnd;
		parts.push_back(Range{partBegin, partEnd});
		isClose = nextClose;
		lineEnd = nextLineEnd;
	}
	closed = true;
	return true;
}

std::string BodyWalker::guessBoundary(const char* data, std::size_t begin, std::size_t end)
{
	// The first "--token" line whose close delimiter "--token--" follows later.
	std::string_view body(data + begin, end - begin);
	std::size_t p = 0;
	while (p < body.size())
	{
		std::size_t nl = body.find('\n', p);
		std::size_t e = nl == std::string_view::npos ? body.size() : nl;
		std::string_view line = body.substr(p, e - p);
		while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
		if (line.size() > 3 && line.size() < 80 && line[0] == '-' && line[1] == '-')
		{
			std::string candidate(line.substr(2));
			if (body.find("\n--" + candidate + "--", e) != std::string_view::npos) return candidate;
			return std::string();
		}
		if (nl == std::string_view::npos) break;
		p = nl + 1;
	}
	return std::string();
}

void BodyWalker::walk(const HeaderBlock& headers, std::size_t bodyStart, std::size_t end)
{
	Context ctx;
	if (end > _size) end = _size;
	if (bodyStart > end) bodyStart = end;
	walkEntity(headers, bodyStart, end, ctx);
}

void BodyWalker::walkPart(std::size_t begin, std::size_t end, const Context& ctx)
{
	HeaderBlock headers;
	std::size_t used = headers.parse(_data + begin, end - begin);
	walkEntity(headers, begin + used, end, ctx);
}

void BodyWalker::walkEntity(const HeaderBlock& headers, std::size_t bodyStart, std::size_t end, const Context& ctx,
	ContentType* parsed)
{
	ContentType type;
	const std::string* ctValue = headers.find("Content-Type");
	if (ctValue != nullptr)
	{
		bool readable;
		if (parsed != nullptr)
		{
			readable = parsed->readable();
			type = std::move(*parsed);
		}
		else readable = type.parse(*ctValue);
		if (!readable) problem("unreadable Content-Type: " + ctValue->substr(0, 80));
	}
	else if (ctx.inDigest) type.setType("message", "rfc822");
	int encoding = TransferDecoding::encodingOf(headers.view("Content-Transfer-Encoding"));
	Rfc2231Params dispParams;
	std::string disposition = Rfc2231Params::split(headers.view("Content-Disposition"), dispParams);
	std::string fileName = dispParams.get("filename");
	if (fileName.empty()) fileName = type.params().get("name");
	fileName = safeFileName(fileName);

	if (type.isMultipart())
	{
		if (ctx.depth >= _options.maxDepth)
		{
			problem("MIME nesting deeper than " + std::to_string(_options.maxDepth) + " levels is not walked");
			return;
		}
		std::string boundary = type.boundary();
		if (boundary.empty()) boundary = guessBoundary(_data, bodyStart, end);
		if (boundary.empty())
		{
			problem("multipart without boundary read as text");
			type.setType("text", "plain");
		}
		else
		{
			walkMultipart(type, boundary, bodyStart, end, ctx);
			return;
		}
	}

	if (type.is("message", "rfc822") || type.is("message", "global"))
	{
		addAttachment(headers, type, bodyStart, end, ctx, fileName, disposition);
		if (encoding != TransferDecoding::IDENTITY)
		{
			problem("attached message with a transfer encoding is not walked");
			return;
		}
		if (ctx.depth >= _options.maxDepth) return;
		HeaderBlock inner;
		std::size_t used = inner.parse(_data + bodyStart, end - bodyStart);
		Context c = ctx;
		c.depth = ctx.depth + 1;
		c.messageDepth = ctx.messageDepth + 1;
		c.inAlternative = false;
		c.inRelated = false;
		c.inDigest = false;
		walkEntity(inner, bodyStart + used, end, c);
		return;
	}
	if (type.is("message", "delivery-status") || type.is("message", "global-delivery-status"))
	{
		if (ctx.messageDepth == 0) readDeliveryStatus(encoding, bodyStart, end);
		return;
	}
	bool textBody = type.is("text", "plain") || type.is("text", "html");
	if (textBody && disposition != "attachment" && (fileName.empty() || ctx.inAlternative))
	{
		// The body of an attached message is part of its .eml, not a file of its own.
		if (ctx.messageDepth == 0) addText(type, encoding, bodyStart, end);
		return;
	}
	addAttachment(headers, type, bodyStart, end, ctx, fileName, disposition);
}

void BodyWalker::walkMultipart(const ContentType& type, const std::string& boundary, std::size_t bodyStart,
	std::size_t end, const Context& ctx)
{
	std::vector<Range> parts;
	bool closed = false;
	if (!splitMultipart(_data, bodyStart, end, boundary, parts, closed))
	{
		problem("multipart body without its boundary read as text");
		ContentType plain;
		if (ctx.messageDepth == 0) addText(plain, TransferDecoding::IDENTITY, bodyStart, end);
		return;
	}
	if (!closed) problem("multipart without closing boundary");
	Context c = ctx;
	c.depth = ctx.depth + 1;
	c.inDigest = type.subtype() == "digest";
	if (type.subtype() == "alternative")
	{
		c.inAlternative = true;
		walkAlternative(parts, c);
		return;
	}
	if (type.subtype() == "related")
	{
		walkRelated(type, parts, c);
		return;
	}
	c.inAlternative = false;
	if (type.subtype() == "report" && HeaderBlock::equalsIgnoreCase(type.params().get("report-type"), "delivery-status"))
		_sawDeliveryStatus = _sawDeliveryStatus || ctx.messageDepth == 0;
	for (const Range& r: parts) walkPart(r.begin, r.end, c);
}

void BodyWalker::walkAlternative(const std::vector<Range>& parts, const Context& ctx)
{
	// Read each alternative's type; walk the last text/plain and the last
	// text/html leaf (the richest of each), every nested multipart, and
	// list any other kind (a calendar invitation) as an attachment.
	std::vector<HeaderBlock> headers(parts.size());
	std::vector<std::size_t> bodies(parts.size());
	std::vector<ContentType> types(parts.size());
	int lastPlain = -1, lastHtml = -1;
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		bodies[i] = parts[i].begin + headers[i].parse(_data + parts[i].begin, parts[i].end - parts[i].begin);
		const std::string* ct = headers[i].find("Content-Type");
		if (ct != nullptr) types[i].parse(*ct);
		if (types[i].is("text", "plain")) lastPlain = static_cast<int>(i);
		else if (types[i].is("text", "html")) lastHtml = static_cast<int>(i);
	}
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		const ContentType& t = types[i];
		int k = static_cast<int>(i);
		if (t.is("text", "plain") && k != lastPlain) continue;
		if (t.is("text", "html") && k != lastHtml) continue;
		if (t.is("text", "enriched") || t.is("text", "richtext") || t.is("text", "x-amp-html") || t.is("text", "watch-html"))
			continue;
		walkEntity(headers[i], bodies[i], parts[i].end, ctx, &types[i]);  // its type is read already
	}
}

void BodyWalker::walkRelated(const ContentType& type, const std::vector<Range>& parts, const Context& ctx)
{
	// The root is the part named by start=, else the first one; the others
	// are resources it refers to (inline images).
	std::string start = stripAngles(type.params().get("start"));
	std::size_t root = 0;
	std::vector<HeaderBlock> headers(parts.size());
	std::vector<std::size_t> bodies(parts.size());
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		bodies[i] = parts[i].begin + headers[i].parse(_data + parts[i].begin, parts[i].end - parts[i].begin);
		if (!start.empty() && stripAngles(headers[i].view("Content-ID")) == start) root = i;
	}
	for (std::size_t i = 0; i < parts.size(); ++i)
	{
		Context c = ctx;
		c.inRelated = i != root;
		if (i != root) c.inAlternative = false;
		walkEntity(headers[i], bodies[i], parts[i].end, c);
	}
}

void BodyWalker::addText(const ContentType& type, int encoding, std::size_t bodyStart, std::size_t end)
{
	bool html = type.is("text", "html");
	std::string& target = html ? _out.html : _out.text;
	if (target.size() >= _options.maxTextBytes)
	{
		problem("text beyond " + std::to_string(_options.maxTextBytes) + " bytes dropped");
		return;
	}
	std::size_t mark = target.size();
	const char* p = _data + bodyStart;
	std::size_t n = end - bodyStart;
	// No encoding takes more than four input bytes per output byte that is
	// kept, so a huge text part is never decoded whole only to be cut.
	std::size_t budget = (_options.maxTextBytes - target.size()) * 4 + 16;
	if (n > budget)
	{
		n = budget;
		problem("text part cut at " + std::to_string(_options.maxTextBytes) + " bytes");
	}
	std::string charset = type.charset();
	std::string canonical = Charsets::canonical(charset);
	// (Undeclared HTML may name its charset in a <meta> tag: that needs the slow path.)
	if (encoding != TransferDecoding::IDENTITY && (canonical == "utf-8" || (canonical == "detect" && !html)))
	{
		// Decode straight into the text; convert only if it is not UTF-8 after all.
		bool valid = TransferDecoding::appendDecoded(target, static_cast<TransferDecoding::Encoding>(encoding), p, n, true);
		if (!(valid || Charsets::isValidUtf8(target.data() + mark, target.size() - mark))
			|| std::memchr(target.data() + mark, 0x1B, target.size() - mark) != nullptr)
		{
			std::string bytes = target.substr(mark);
			target.resize(mark);
			Charsets::appendUtf8(target, bytes.data(), bytes.size(), charset);
		}
		toLf(target, mark);
		unflow(type, target, mark);
		appendParagraph(target, mark);
		return;
	}
	std::string decoded;
	if (encoding != TransferDecoding::IDENTITY)
	{
		TransferDecoding::appendDecoded(decoded, static_cast<TransferDecoding::Encoding>(encoding), p, n, true);
		p = decoded.data();
		n = decoded.size();
	}
	if (charset.empty() && html) charset = metaCharset(p, n);
	Charsets::appendUtf8(target, p, n, charset);
	toLf(target, mark);
	unflow(type, target, mark);
	appendParagraph(target, mark);
}

void BodyWalker::addAttachment(const HeaderBlock& headers, const ContentType& type, std::size_t bodyStart,
	std::size_t end, const Context& ctx, const std::string& fileName, const std::string& disposition)
{
	Attachment a;
	a.fileName = fileName;
	a.contentType = type.mimeType();
	a.contentId = stripAngles(headers.view("Content-ID"));
	a.inlinePart = disposition == "inline" || (ctx.inRelated && disposition != "attachment");
	a.offset = bodyStart;
	a.length = end - bodyStart;
	auto enc = TransferDecoding::encodingOf(headers.view("Content-Transfer-Encoding"));
	switch (enc)
	{
	case TransferDecoding::BASE64: a.transferEncoding = "base64"; break;
	case TransferDecoding::QUOTED_PRINTABLE: a.transferEncoding = "quoted-printable"; break;
	default: a.transferEncoding = "8bit"; break;
	}
	a.size = TransferDecoding::decodedSize(enc, _data + bodyStart, end - bodyStart);
	a.depth = ctx.messageDepth;
	if (a.fileName.empty() && (type.is("message", "rfc822") || type.is("message", "global")))
	{
		// An attached message is named after its subject.
		HeaderBlock inner;
		std::size_t limit = end - bodyStart < 256 * 1024 ? end - bodyStart : 256 * 1024;
		inner.parse(_data + bodyStart, limit);
		std::string subject = safeFileName(EncodedWords::decode(inner.get("Subject")));
		a.fileName = (subject.empty() ? std::string("message") : subject) + ".eml";
	}
	_out.attachments.push_back(std::move(a));
}

void BodyWalker::readDeliveryStatus(int encoding, std::size_t bodyStart, std::size_t end)
{
	_sawDeliveryStatus = true;
	std::string decoded;
	TransferDecoding::appendDecoded(decoded, static_cast<TransferDecoding::Encoding>(encoding), _data + bodyStart, end - bodyStart);
	Classifier::parseDeliveryStatus(decoded, _out.failures);
}

} } // namespace mailbridge::mime
