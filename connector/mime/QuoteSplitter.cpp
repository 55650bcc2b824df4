//
// QuoteSplitter.cpp
//

#include "connector/mime/QuoteSplitter.h"

#include <vector>

namespace mailbridge {
namespace mime {

namespace {

struct Line
{
	std::size_t begin;
	std::string_view text;  // without the line break, trimmed of blanks
};

std::string_view trim(std::string_view s)
{
	std::size_t b = 0, e = s.size();
	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
	return s.substr(b, e - b);
}

bool startsWithNoCase(std::string_view s, std::string_view prefix)
{
	if (s.size() < prefix.size()) return false;
	for (std::size_t i = 0; i < prefix.size(); ++i)
	{
		char a = s[i], b = prefix[i];
		if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
		if (a != b) return false;
	}
	return true;
}

bool endsWith(std::string_view s, std::string_view suffix)
{
	return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool containsNoCase(std::string_view s, std::string_view needle)
{
	for (std::size_t i = 0; i + needle.size() <= s.size(); ++i)
	{
		if (startsWithNoCase(s.substr(i), needle)) return true;
	}
	return false;
}

// "On <date>, <name> wrote:" and its translations.
bool isAttribution(std::string_view l)
{
	if (!(endsWith(l, ":") || endsWith(l, ": "))) return false;
	static const std::string_view STARTS[] = {"on ", "am ", "le ", "el ", "il ", "op ", "em ", "den ", "dne "};
	static const std::string_view VERBS[] = {"wrote", "schrieb", "a écrit", "escribió", "ha scritto",
		"schreef", "escreveu", "skrev", "napsal"};
	bool start = false;
	for (std::string_view s: STARTS) start = start || startsWithNoCase(l, s);
	if (!start) return false;
	for (std::string_view v: VERBS)
	{
		if (containsNoCase(l, v)) return true;
	}
	return false;
}

// "-----Original Message-----", "----- Forwarded message -----" and the like.
bool isSeparator(std::string_view l)
{
	if (l.size() < 8 || l[0] != '-') return false;
	std::size_t b = 0;
	while (b < l.size() && l[b] == '-') ++b;
	if (b < 2) return false;
	std::string_view rest = trim(l.substr(b));
	return startsWithNoCase(rest, "original message") || startsWithNoCase(rest, "forwarded message")
		|| startsWithNoCase(rest, "urspr") || startsWithNoCase(rest, "message d'origine")
		|| startsWithNoCase(rest, "mensaje original") || startsWithNoCase(rest, "original-nachricht");
}

bool isHeaderLine(std::string_view l, std::string_view name)
{
	return startsWithNoCase(l, name) && l.size() > name.size();
}

// Outlook's reply header: "From: ...", then Sent/Date, To, Subject lines.
bool isOutlookHeader(const std::vector<Line>& lines, std::size_t k)
{
	std::string_view l = lines[k].text;
	if (!(isHeaderLine(l, "from:") || isHeaderLine(l, "von:") || isHeaderLine(l, "de :") || isHeaderLine(l, "de:")))
		return false;
	int seen = 0;
	for (std::size_t j = k + 1; j < lines.size() && j <= k + 5; ++j)
	{
		std::string_view m = lines[j].text;
		if (isHeaderLine(m, "sent:") || isHeaderLine(m, "date:") || isHeaderLine(m, "to:")
			|| isHeaderLine(m, "subject:") || isHeaderLine(m, "cc:") || isHeaderLine(m, "gesendet:")
			|| isHeaderLine(m, "an:") || isHeaderLine(m, "betreff:") || isHeaderLine(m, "envoy"))
			++seen;
	}
	return seen >= 2;
}

bool isUnderscoreRule(std::string_view l)
{
	if (l.size() < 10) return false;
	for (char c: l)
	{
		if (c != '_') return false;
	}
	return true;
}

} // namespace

std::size_t QuoteSplitter::findSplit(std::string_view text)
{
	std::vector<Line> lines;
	lines.reserve(text.size() / 48 + 8);  // most mail lines are shorter than 78
	std::size_t p = 0;
	// Lines are split off as the checks reach them (they look at most six
	// lines ahead), so the text after the split is never scanned.
	auto splitUpTo = [&](std::size_t last) {
		while (lines.size() <= last && p < text.size())
		{
			std::size_t nl = text.find('\n', p);
			std::size_t end = nl == std::string_view::npos ? text.size() : nl;
			lines.push_back(Line{p, text.substr(p, end - p)});
			p = nl == std::string_view::npos ? text.size() : nl + 1;
		}
	};
	for (std::size_t k = 0;; ++k)
	{
		splitUpTo(k + 7);
		if (k >= lines.size()) break;
		std::string_view raw = lines[k].text;
		if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
		if (raw == "-- " || raw == "--") return lines[k].begin;  // signature delimiter
		std::string_view l = trim(raw);
		if (l.empty()) continue;
		if (l[0] == '>') return lines[k].begin;
		if (isSeparator(l) || isOutlookHeader(lines, k)) return lines[k].begin;
		if (isUnderscoreRule(l) && k + 1 < lines.size() && isOutlookHeader(lines, k + 1)) return lines[k].begin;
		if (isAttribution(l)) return lines[k].begin;
		// An attribution wrapped over two lines.
		if (k + 1 < lines.size() && startsWithNoCase(l, "on ") && l.size() < 200)
		{
			std::string joined(l);
			joined += ' ';
			joined += trim(lines[k + 1].text);
			if (isAttribution(joined)) return lines[k].begin;
		}
	}
	return text.size();
}

void QuoteSplitter::split(std::string_view text, std::string& fresh, std::string& quoted)
{
	std::size_t at = findSplit(text);
	std::string_view head = text.substr(0, at);
	while (!head.empty() && (head.back() == '\n' || head.back() == '\r' || head.back() == ' ' || head.back() == '\t'))
		head.remove_suffix(1);
	fresh.assign(head.data(), head.size());
	quoted.assign(text.data() + at, text.size() - at);
}

} } // namespace mailbridge::mime
