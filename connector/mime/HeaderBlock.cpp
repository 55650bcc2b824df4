//
// HeaderBlock.cpp
//

#include "connector/mime/HeaderBlock.h"

#include <cstring>

namespace mailbridge {
namespace mime {

namespace {

bool blank(char c)
{
	return c == ' ' || c == '\t';
}

// Line [p, eol) without its CR; next is the start of the following line.
struct Line
{
	const char* begin;
	const char* end;
	const char* next;
};

Line lineAt(const char* p, const char* limit)
{
	const char* nl = static_cast<const char*>(std::memchr(p, '\n', limit - p));
	Line l;
	l.begin = p;
	if (nl == nullptr)
	{
		l.end = limit;
		l.next = limit;
	}
	else
	{
		l.end = nl;
		l.next = nl + 1;
	}
	if (l.end > l.begin && l.end[-1] == '\r') --l.end;
	return l;
}

void appendTrimmed(std::string& value, const char* b, const char* e)
{
	while (e > b && (blank(e[-1]) || e[-1] == '\r')) --e;
	value.append(b, e - b);
}

} // namespace

std::size_t HeaderBlock::parse(const char* data, std::size_t size)
{
	_fields.clear();
	_fields.reserve(16);
	const char* p = data;
	const char* limit = data + size;
	bool first = true;
	while (p < limit)
	{
		Line line = lineAt(p, limit);
		if (line.begin == line.end)
			return line.next - data;  // the blank line ending the header section
		if (blank(*line.begin))
		{
			// Continuation of the previous field (obs-FWS may be all blanks).
			if (_fields.empty())
			{
				if (!first) _problems.push_back("header section starts with a continuation line");
				first = false;
				p = line.next;
				continue;
			}
			std::string& v = _fields.back().value;
			const char* b = line.begin;
			while (b < line.end && blank(*b)) ++b;
			if (b < line.end)
			{
				if (!v.empty()) v.push_back(' ');
				appendTrimmed(v, b, line.end);
			}
			p = line.next;
			continue;
		}
		const char* colon = static_cast<const char*>(std::memchr(line.begin, ':', line.end - line.begin));
		if (first && line.end - line.begin >= 5 && std::memcmp(line.begin, "From ", 5) == 0
			&& (colon == nullptr || std::memchr(line.begin, ' ', colon - line.begin) != nullptr))
		{
			first = false;  // mbox separator line
			p = line.next;
			continue;
		}
		first = false;
		const char* nameEnd = colon;
		if (colon != nullptr)
		{
			while (nameEnd > line.begin && blank(nameEnd[-1])) --nameEnd;  // obsolete "Name : value"
		}
		bool valid = colon != nullptr && nameEnd > line.begin;
		for (const char* c = line.begin; valid && c < nameEnd; ++c)
		{
			unsigned char u = static_cast<unsigned char>(*c);
			if (u <= 32 || u >= 127) valid = false;
		}
		if (!valid)
		{
			_problems.push_back("header section ends without a blank line");
			return p - data;
		}
		Field f;
		f.name.assign(line.begin, nameEnd - line.begin);
		const char* v = colon + 1;
		while (v < line.end && blank(*v)) ++v;
		p = line.next;
		if (p < limit && blank(*p))
		{
			// A folded field: its first lines are unfolded here into room
			// reserved once; any further ones by the continuation branch above.
			Line more[8];
			int count = 0;
			while (count < 8 && p < limit && blank(*p))
			{
				more[count] = lineAt(p, limit);
				p = more[count++].next;
			}
			f.value.reserve(static_cast<std::size_t>(more[count - 1].end - v));
			appendTrimmed(f.value, v, line.end);
			for (int k = 0; k < count; ++k)
			{
				const char* b = more[k].begin;
				while (b < more[k].end && blank(*b)) ++b;
				if (b < more[k].end)
				{
					if (!f.value.empty()) f.value.push_back(' ');
					appendTrimmed(f.value, b, more[k].end);
				}
			}
		}
		else appendTrimmed(f.value, v, line.end);
		_fields.push_back(std::move(f));
	}
	return size;
}

const std::string* HeaderBlock::find(std::string_view name) const
{
	for (const Field& f: _fields)
	{
		if (equalsIgnoreCase(f.name, name)) return &f.value;
	}
	return nullptr;
}

std::string HeaderBlock::get(std::string_view name) const
{
	const std::string* v = find(name);
	return v != nullptr ? *v : std::string();
}

std::string_view HeaderBlock::view(std::string_view name) const
{
	const std::string* v = find(name);
	return v != nullptr ? std::string_view(*v) : std::string_view();
}

std::vector<const std::string*> HeaderBlock::findAll(std::string_view name) const
{
	std::vector<const std::string*> r;
	for (const Field& f: _fields)
	{
		if (equalsIgnoreCase(f.name, name)) r.push_back(&f.value);
	}
	return r;
}

} } // namespace mailbridge::mime
