//
// AddressParser.cpp
//
// One pass over the header: display-name words, one angle address and the
// last comment are collected per mailbox; a comma outside quotes, angle
// brackets and comments ends it. Encoded words are read whole, so a comma
// inside one ("=?utf-8?Q?Doe,_John?=") does not split the name.
//

#include "connector/mime/AddressParser.h"
#include "connector/mime/Charsets.h"
#include "connector/mime/EncodedWords.h"

namespace mailbridge {
namespace mime {

namespace {

bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string trim(std::string_view s)
{
	std::size_t b = 0, e = s.size();
	while (b < e && blank(s[b])) ++b;
	while (e > b && blank(s[e - 1])) --e;
	return std::string(s.substr(b, e - b));
}

std::string_view trimmed(std::string_view s)
{
	std::size_t b = 0, e = s.size();
	while (b < e && blank(s[b])) ++b;
	while (e > b && blank(s[e - 1])) --e;
	return s.substr(b, e - b);
}

// True when collapse() would return s unchanged: no blank but single
// spaces between words.
bool collapsed(const std::string& s)
{
	if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) return false;
	for (std::size_t i = 0; i < s.size(); ++i)
	{
		char c = s[i];
		if (c == '\t' || c == '\r' || c == '\n') return false;
		if (c == ' ' && s[i + 1] == ' ') return false;  // never the last byte (see above)
	}
	return true;
}

std::string collapse(const std::string& s)
{
	std::string r;
	r.reserve(s.size());
	bool pending = false;
	for (char c: s)
	{
		if (blank(c))
		{
			pending = !r.empty();
			continue;
		}
		if (pending) r.push_back(' ');
		pending = false;
		r.push_back(c);
	}
	return r;
}

class Collector
{
public:
	explicit Collector(std::vector<Address>& out): _out(out) {}

	std::string phrase;     // display-name text, quotes removed
	std::string angle;      // inside <>, if any
	std::string comment;    // the last comment
	bool hasAngle = false;

	void finish()
	{
		Address a;
		std::string_view words = trimmed(phrase);
		if (hasAngle)
		{
			std::string_view spec = angle;
			// Route address "<@relay1,@relay2:user@host>": the mailbox is after the last ':'.
			if (!spec.empty() && spec[0] == '@')
			{
				std::size_t colon = spec.rfind(':');
				if (colon != std::string_view::npos) spec.remove_prefix(colon + 1);
			}
			a.address = AddressParser::normalize(spec);
			a.name.assign(words.data(), words.size());
		}
		else if (!words.empty())
		{
			// No angle brackets: the word with '@' is the address ("Name user@host").
			std::size_t at = words.rfind('@');
			if (at != std::string::npos)
			{
				std::size_t b = at, e = at;
				while (b > 0 && !blank(words[b - 1])) --b;
				while (e < words.size() && !blank(words[e])) ++e;
				a.address = AddressParser::normalize(words.substr(b, e - b));
				a.name = trim(std::string(words.substr(0, b)) + " " + std::string(words.substr(e)));
			}
			else if (words.find(' ') == std::string_view::npos)
			{
				a.address = AddressParser::normalize(words);  // a bare local name (MAILER-DAEMON)
			}
		}
		if (a.name.empty() && !comment.empty()) a.name = trim(comment);  // "user@host (Name)"
		if (!a.name.empty())
		{
			// EncodedWords::decode() returns plain ASCII as it is: skip the copy.
			std::string decoded;
			if (a.name.find("=?") == std::string::npos && Charsets::isAscii(a.name.data(), a.name.size()))
				decoded.swap(a.name);
			else decoded = EncodedWords::decode(a.name);
			a.name = collapsed(decoded) ? std::move(decoded) : collapse(decoded);
			// Some clients repeat the address as the name in quotes.
			if (a.name.size() >= 2 && a.name.front() == '\'' && a.name.back() == '\'')
				a.name = trim(a.name.substr(1, a.name.size() - 2));
		}
		if (!a.address.empty()) _out.push_back(std::move(a));
		phrase.clear();
		angle.clear();
		comment.clear();
		hasAngle = false;
	}

private:
	std::vector<Address>& _out;
};

} // namespace

std::string AddressParser::normalize(std::string_view spec)
{
	std::string r;
	r.reserve(spec.size());
	bool quoted = false;
	int depth = 0;
	for (std::size_t i = 0; i < spec.size(); ++i)
	{
		char c = spec[i];
		if (quoted)
		{
			r.push_back(c);
			if (c == '\\' && i + 1 < spec.size()) r.push_back(spec[++i]);
			else if (c == '"') quoted = false;
			continue;
		}
		if (depth > 0)
		{
			if (c == '(') ++depth;
			else if (c == ')') --depth;
			continue;
		}
		if (c == '(') ++depth;
		else if (c == '"')
		{
			quoted = true;
			r.push_back(c);
		}
		else if (!blank(c) && c != '<' && c != '>' && c != ',' && c != ';') r.push_back(c);
	}
	while (!r.empty() && r.back() == '.') r.pop_back();
	std::size_t at = r.rfind('@');
	if (at != std::string::npos)
	{
		for (std::size_t i = at + 1; i < r.size(); ++i)
		{
			if (r[i] >= 'A' && r[i] <= 'Z') r[i] = static_cast<char>(r[i] + 32);
		}
	}
	return r;
}

std::vector<Address> AddressParser::parseList(std::string_view t)
{
	std::vector<Address> out;
	Collector cur(out);
	bool inGroup = false;
	std::size_t nextGt = 0, nextComma = 0;
	std::size_t i = 0;
	while (i < t.size())
	{
		char c = t[i];
		if (c == '"')
		{
			++i;
			while (i < t.size() && t[i] != '"')
			{
				if (t[i] == '\\' && i + 1 < t.size()) ++i;
				cur.phrase.push_back(t[i++]);
			}
			++i;
			cur.phrase.push_back(' ');
		}
		else if (c == '(')
		{
			int depth = 0;
			std::string text;
			while (i < t.size())
			{
				char d = t[i++];
				if (d == '\\' && i < t.size())
				{
					text.push_back(t[i++]);
					continue;
				}
				if (d == '(' && depth++ == 0) continue;
				if (d == ')' && --depth == 0) break;
				text.push_back(d);
			}
			cur.comment = text;
		}
		else if (c == '<')
		{
			// The next '>' and ',' are remembered, so that a run of '<'
			// without '>' does not search the rest of the header each time.
			if (nextGt != std::string_view::npos && nextGt <= i) nextGt = t.find('>', i + 1);
			if (nextComma != std::string_view::npos && nextComma <= i) nextComma = t.find(',', i + 1);
			std::size_t close = nextGt;
			std::size_t stop = close == std::string_view::npos ? t.size() : close;
			// Without '>' the address runs to the next comma.
			if (close == std::string_view::npos && nextComma != std::string_view::npos) stop = nextComma;
			if (!cur.hasAngle)
			{
				cur.angle.assign(t.data() + i + 1, stop - i - 1);
				cur.hasAngle = true;
			}
			i = close == std::string_view::npos ? stop : close + 1;
		}
		else if (c == ',')
		{
			cur.finish();
			++i;
		}
		else if (c == ':' && !cur.hasAngle && cur.phrase.find('@') == std::string::npos && !inGroup)
		{
			// "Group name: member, member;" - the group name is not a mailbox.
			inGroup = true;
			cur.phrase.clear();
			cur.comment.clear();
			++i;
		}
		else if (c == ';')
		{
			cur.finish();
			inGroup = false;
			++i;
		}
		else if (c == '=' && i + 1 < t.size() && t[i + 1] == '?')
		{
			std::size_t end;
			std::string charset;
			char enc;
			std::string_view payload;
			if (EncodedWords::parseWord(t, i, end, charset, enc, payload))
			{
				cur.phrase.append(t.data() + i, end - i);
				i = end;
			}
			else cur.phrase.push_back(t[i++]);
		}
		else
		{
			// A run of ordinary characters, up to the next one handled above.
			std::size_t j = i + 1;
			while (j < t.size() && t[j] != '"' && t[j] != '(' && t[j] != '<' && t[j] != ',' && t[j] != ':'
				&& t[j] != ';' && t[j] != '=')
				++j;
			cur.phrase.append(t.data() + i, j - i);
			i = j;
		}
	}
	cur.finish();
	return out;
}

Address AddressParser::parseOne(std::string_view headerValue)
{
	std::vector<Address> all = parseList(headerValue);
	return all.empty() ? Address() : all.front();
}

} } // namespace mailbridge::mime
