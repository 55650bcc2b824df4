#include "connector/imap/protocol/Quoting.h"

#include <cstdio>
#include <ctime>

namespace mailbridge {
namespace imap {

ArgumentForm formFor(const std::string& value)
{
	if (value.size() > 1024) return ArgumentForm::Literal;
	bool atom = !value.empty() && value != "NIL" && value != "nil";
	for (unsigned char c: value)
	{
		if (c == 0 || c == '\r' || c == '\n' || c >= 0x80) return ArgumentForm::Literal;
		// atom-specials: ( ) { SP CTL % * " \ ]
		if (c < 0x20 || c == 0x7F || c == '(' || c == ')' || c == '{' || c == ' ' || c == '%' || c == '*' ||
			c == '"' || c == '\\' || c == ']')
			atom = false;
	}
	return atom ? ArgumentForm::Atom : ArgumentForm::Quoted;
}

std::string quoted(const std::string& value)
{
	std::string out = "\"";
	for (char c: value)
	{
		if (c == '"' || c == '\\') out += '\\';
		out += c;
	}
	return out + '"';
}

std::string literalPrefix(std::size_t size, bool nonSynchronizing)
{
	return "{" + std::to_string(size) + (nonSynchronizing ? "+}" : "}");
}

std::string dateTime(std::int64_t epochSeconds, int offsetMinutes)
{
	static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	std::time_t local = static_cast<std::time_t>(epochSeconds + std::int64_t(offsetMinutes) * 60);
	std::tm tm{};
	gmtime_r(&local, &tm);
	int off = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
	char buf[64];
	std::snprintf(buf, sizeof buf, "\"%02d-%s-%04d %02d:%02d:%02d %c%02d%02d\"", tm.tm_mday, months[tm.tm_mon],
		tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, offsetMinutes < 0 ? '-' : '+', off / 60, off % 60);
	return buf;
}

} } // namespace mailbridge::imap
