//
// Rfc2231Params.cpp
//

#include "connector/mime/Rfc2231Params.h"
#include "connector/mime/Charsets.h"
#include "connector/mime/EncodedWords.h"
#include "connector/mime/HeaderBlock.h"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace mailbridge {
namespace mime {

namespace {

bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string lower(std::string_view s)
{
	std::string r(s);
	for (char& c: r)
	{
		if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
	}
	return r;
}

int hexValue(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

void percentDecode(std::string_view s, std::string& out)
{
	for (std::size_t i = 0; i < s.size(); ++i)
	{
		if (s[i] == '%' && i + 2 < s.size() + 0 && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0)
		{
			out.push_back(static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2])));
			i += 2;
		}
		else out.push_back(s[i]);
	}
}

void skipComment(std::string_view t, std::size_t& i)
{
	int depth = 0;
	while (i < t.size())
	{
		char c = t[i++];
		if (c == '\\') ++i;
		else if (c == '(') ++depth;
		else if (c == ')' && --depth == 0) return;
	}
}

void skipBlanksAndComments(std::string_view t, std::size_t& i)
{
	while (i < t.size())
	{
		if (blank(t[i])) ++i;
		else if (t[i] == '(') skipComment(t, i);
		else break;
	}
}

struct Section
{
	int index;
	bool extended;
	std::string raw;
};

} // namespace

std::string Rfc2231Params::split(std::string_view v, Rfc2231Params& params)
{
	std::size_t i = 0;
	skipBlanksAndComments(v, i);
	std::size_t start = i;
	while (i < v.size() && v[i] != ';' && v[i] != '(') ++i;
	std::size_t end = i;
	while (end > start && (blank(v[end - 1]) || v[end - 1] == '"')) --end;
	while (start < end && v[start] == '"') ++start;
	std::string value = lower(v.substr(start, end - start));
	value.erase(std::remove_if(value.begin(), value.end(), blank), value.end());
	std::size_t semi = v.find(';', i);
	if (semi != std::string_view::npos) params.parse(v.substr(semi + 1));
	return value;
}

void Rfc2231Params::parse(std::string_view t)
{
	std::vector<std::pair<std::string, std::string>> plain;
	std::map<std::string, std::vector<Section>> sections;
	std::size_t i = 0;
	while (i < t.size())
	{
		skipBlanksAndComments(t, i);
		if (i >= t.size()) break;
		if (t[i] == ';')
		{
			++i;
			continue;
		}
		std::size_t ns = i;
		while (i < t.size() && t[i] != '=' && t[i] != ';' && !blank(t[i])) ++i;
		std::string name = lower(t.substr(ns, i - ns));
		skipBlanksAndComments(t, i);
		if (i >= t.size() || t[i] != '=')
		{
			while (i < t.size() && t[i] != ';') ++i;  // a name without value: skip it
			continue;
		}
		++i;
		skipBlanksAndComments(t, i);
		std::string value;
		bool quoted = false;
		if (i < t.size() && t[i] == '"')
		{
			quoted = true;
			++i;
			while (i < t.size() && t[i] != '"')
			{
				// Backslash escapes, except before a letter: Windows paths
				// ("C:\dir\cv.doc") are written unescaped by some clients.
				if (t[i] == '\\' && i + 1 < t.size() && (t[i + 1] == '"' || t[i + 1] == '\\')) ++i;
				else
				{
					// A run without quote or backslash in one piece.
					std::size_t j = i + 1;
					while (j < t.size() && t[j] != '"' && t[j] != '\\') ++j;
					value.append(t.data() + i, j - i);
					i = j;
					continue;
				}
				value.push_back(t[i++]);
			}
			if (i < t.size()) ++i;
			// Junk after the closing quote up to ';' is dropped.
			while (i < t.size() && t[i] != ';') ++i;
		}
		else
		{
			// Unquoted values may carry blanks in the wild ("name=my cv.pdf").
			std::size_t vs = i;
			while (i < t.size() && t[i] != ';') ++i;
			std::size_t ve = i;
			while (ve > vs && blank(t[ve - 1])) --ve;
			value.assign(t.data() + vs, ve - vs);
		}
		if (name.empty()) continue;
		std::size_t star = name.find('*');
		if (star == std::string::npos)
		{
			plain.emplace_back(std::move(name), std::move(value));
			continue;
		}
		std::string base = name.substr(0, star);
		std::string rest = name.substr(star + 1);
		Section s;
		s.extended = !rest.empty() && rest.back() == '*';
		if (s.extended) rest.pop_back();
		if (rest.empty())
		{
			s.index = 0;
			s.extended = true;  // "name*=" is the single extended form
		}
		else
		{
			char* endp = nullptr;
			long n = std::strtol(rest.c_str(), &endp, 10);
			if (endp == rest.c_str() || *endp != '\0' || n < 0 || n > 999) continue;
			s.index = static_cast<int>(n);
		}
		s.raw = value;
		(void) quoted;
		sections[base].push_back(std::move(s));
	}

	for (auto& entry: sections)
	{
		std::vector<Section>& parts = entry.second;
		std::stable_sort(parts.begin(), parts.end(), [](const Section& a, const Section& b) { return a.index < b.index; });
		std::string charset;
		std::string bytes;
		bool anyExtended = false;
		for (std::size_t k = 0; k < parts.size(); ++k)
		{
			const Section& s = parts[k];
			if (k > 0 && s.index == parts[k - 1].index) continue;  // duplicate section
			std::string_view raw = s.raw;
			if (s.extended)
			{
				anyExtended = true;
				if (k == 0)
				{
					std::size_t q1 = raw.find('\'');
					std::size_t q2 = q1 == std::string_view::npos ? q1 : raw.find('\'', q1 + 1);
					if (q2 != std::string_view::npos)
					{
						charset.assign(raw.data(), q1);
						raw = raw.substr(q2 + 1);
					}
				}
				percentDecode(raw, bytes);
			}
			else bytes.append(raw.data(), raw.size());
		}
		std::string decoded;
		if (anyExtended) decoded = Charsets::toUtf8(bytes, charset);
		else decoded = EncodedWords::decode(bytes);
		// The RFC 2231 form wins over a plain one of the same name.
		plain.erase(std::remove_if(plain.begin(), plain.end(),
			[&](const std::pair<std::string, std::string>& p) { return p.first == entry.first; }), plain.end());
		_values.emplace_back(entry.first, decoded);
	}
	for (auto& p: plain)
	{
		if (has(p.first)) continue;
		// EncodedWords::decode() returns plain ASCII as it is: skip the copy.
		if (p.second.find("=?") == std::string::npos && Charsets::isAscii(p.second.data(), p.second.size()))
			_values.emplace_back(std::move(p.first), std::move(p.second));
		else _values.emplace_back(std::move(p.first), EncodedWords::decode(p.second));
	}
}

std::string Rfc2231Params::get(std::string_view name) const
{
	for (const auto& v: _values)
	{
		if (HeaderBlock::equalsIgnoreCase(v.first, name)) return v.second;
	}
	return std::string();
}

bool Rfc2231Params::has(std::string_view name) const
{
	for (const auto& v: _values)
	{
		if (HeaderBlock::equalsIgnoreCase(v.first, name)) return true;
	}
	return false;
}

} } // namespace mailbridge::mime
