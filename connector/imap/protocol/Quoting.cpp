#include "connector/imap/protocol/Quoting.h"

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

} } // namespace mailbridge::imap
