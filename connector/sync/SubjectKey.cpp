#include "connector/sync/SubjectKey.h"

#include <cctype>

namespace mailbridge {
namespace sync {

namespace {

const char* const PREFIXES[] = {"re", "fwd", "fw", "aw", "wg", "sv", "vs", "antw", "tr", "rif"};

bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Length of a reply/forward prefix ("Re:", "Fwd[2]:", "AW^3:") at `at`, or 0.
std::size_t prefixAt(const std::string& s, std::size_t at)
{
	for (const char* p: PREFIXES)
	{
		std::size_t i = at, j = 0;
		while (p[j] && i < s.size() && std::tolower(static_cast<unsigned char>(s[i])) == p[j]) { ++i; ++j; }
		if (p[j]) continue;
		if (i < s.size() && (s[i] == '[' || s[i] == '^'))
		{
			const bool bracket = s[i] == '[';
			std::size_t k = i + 1;
			while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
			if (k == i + 1) continue;
			if (bracket)
			{
				if (k >= s.size() || s[k] != ']') continue;
				++k;
			}
			i = k;
		}
		while (i < s.size() && blank(s[i])) ++i;
		if (i < s.size() && (s[i] == ':' || s[i] == '\xef')) // ':' or the full-width colon (EF BC 9A)
		{
			if (s[i] == ':') return i + 1 - at;
			if (s.compare(i, 3, "\xef\xbc\x9a") == 0) return i + 3 - at;
		}
	}
	return 0;
}

// Where the text starts after [list tags] and reply/forward prefixes;
// `prefixes` counts the prefixes.
std::size_t lead(const std::string& subject, int& prefixes)
{
	std::size_t at = 0;
	prefixes = 0;
	for (;;)
	{
		while (at < subject.size() && blank(subject[at])) ++at;
		if (at < subject.size() && subject[at] == '[')
		{
			const std::size_t close = subject.find(']', at);
			if (close == std::string::npos) break;
			at = close + 1;
			continue;
		}
		const std::size_t n = prefixAt(subject, at);
		if (!n) break;
		at += n;
		++prefixes;
	}
	return at;
}

} // namespace

bool SubjectKey::isReply(const std::string& subject)
{
	int prefixes = 0;
	lead(subject, prefixes);
	return prefixes > 0;
}

std::string SubjectKey::normalize(const std::string& subject)
{
	int prefixes = 0;
	const std::size_t at = lead(subject, prefixes);
	std::string out;
	bool space = false;
	for (std::size_t i = at; i < subject.size(); ++i)
	{
		if (blank(subject[i])) { space = !out.empty(); continue; }
		if (space) out += ' ';
		space = false;
		out += static_cast<char>(std::tolower(static_cast<unsigned char>(subject[i])));
	}
	return out;
}

} } // namespace mailbridge::sync
