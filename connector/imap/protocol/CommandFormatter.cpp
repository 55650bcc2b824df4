#include "connector/imap/protocol/CommandFormatter.h"
#include "connector/imap/protocol/Quoting.h"

#include <algorithm>

namespace mailbridge {
namespace imap {

CommandFormatter::CommandFormatter(const std::string& tag, const std::string& name, LiteralMode mode):
	_mode(mode),
	_segments(1, tag + " " + name),
	_trace(tag + " " + name)
{
}

CommandFormatter& CommandFormatter::atom(const std::string& value)
{
	_segments.back() += " " + value;
	_trace += " " + value;
	return *this;
}

CommandFormatter& CommandFormatter::raw(const std::string& value)
{
	_segments.back() += value;
	_trace += value;
	return *this;
}

bool CommandFormatter::hasEightBit(const std::string& text)
{
	for (unsigned char c: text)
		if (c >= 0x80) return true;
	return false;
}

CommandFormatter& CommandFormatter::criteria(const std::string& text)
{
	// Plain text is kept in `pending` and written as is; only a string that
	// cannot travel quoted is cut out and sent as a literal.
	std::string pending = " ";
	std::size_t i = 0;
	auto flushBeforeLiteral = [&]() {
		while (!pending.empty() && pending.back() == ' ') pending.pop_back();
		raw(pending);
		pending.clear();
	};
	while (i < text.size())
	{
		char c = text[i];
		if (c == ' ' || c == '(' || c == ')')
		{
			pending += c;
			++i;
			continue;
		}
		std::string token;
		std::string value;
		if (c == '"')
		{
			std::size_t j = i + 1;
			while (j < text.size() && text[j] != '"')
			{
				if (text[j] == '\\' && j + 1 < text.size()) ++j;
				value += text[j++];
			}
			token = text.substr(i, std::min(j + 1, text.size()) - i);
			i = j + 1;
		}
		else
		{
			std::size_t j = i;
			while (j < text.size() && text[j] != ' ' && text[j] != '(' && text[j] != ')' && text[j] != '"') ++j;
			token = text.substr(i, j - i);
			value = token;
			i = j;
		}
		if (hasEightBit(value))
		{
			flushBeforeLiteral();
			appendLiteral(value, false);
		}
		else
		{
			pending += token;
		}
	}
	while (!pending.empty() && pending.back() == ' ') pending.pop_back();
	raw(pending);
	return *this;
}

CommandFormatter& CommandFormatter::astring(const std::string& value)
{
	switch (formFor(value))
	{
	case ArgumentForm::Atom:
		return atom(value);
	case ArgumentForm::Quoted:
		_segments.back() += " " + quoted(value);
		_trace += " " + quoted(value);
		return *this;
	case ArgumentForm::Literal:
		break;
	}
	appendLiteral(value, false);
	return *this;
}

CommandFormatter& CommandFormatter::secret(const std::string& value)
{
	switch (formFor(value))
	{
	case ArgumentForm::Atom:
		_segments.back() += " " + value;
		break;
	case ArgumentForm::Quoted:
		_segments.back() += " " + quoted(value);
		break;
	case ArgumentForm::Literal:
		appendLiteral(value, true);
		return *this;
	}
	_trace += " ***";
	return *this;
}

CommandFormatter& CommandFormatter::literal(const std::string& value)
{
	appendLiteral(value, false);
	return *this;
}

void CommandFormatter::appendLiteral(const std::string& value, bool hidden)
{
	// LITERAL- servers refuse non-synchronizing literals above 4096 bytes.
	bool plus = _mode == LiteralMode::Plus || (_mode == LiteralMode::Minus && value.size() <= 4096);
	std::string prefix = literalPrefix(value.size(), plus);
	_segments.back() += " " + prefix + "\r\n";
	_trace += hidden ? " ***" : " " + prefix;
	if (plus)
		_segments.back() += value;
	else
		_segments.push_back(value);
}

std::vector<std::string> CommandFormatter::segments() const
{
	std::vector<std::string> out = _segments;
	out.back() += "\r\n";
	return out;
}

std::string CommandFormatter::trace() const
{
	return _trace;
}

} } // namespace mailbridge::imap
