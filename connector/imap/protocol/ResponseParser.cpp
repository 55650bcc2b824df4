#include "connector/imap/protocol/ResponseParser.h"

#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ResponseGrammar.h"

#include <algorithm>
#include <cstring>

namespace mailbridge {
namespace imap {

ResponseParser::ResponseParser(const ParserLimits& limits): _limits(limits)
{
}

void ResponseParser::setSinkChooser(SinkChooser chooser)
{
	_chooser = std::move(chooser);
}

bool ResponseParser::idle() const
{
	return !_inLiteral && _text.empty() && _literals.empty();
}

bool ResponseParser::next(Response& response)
{
	if (_ready.empty()) return false;
	response = std::move(_ready.front());
	_ready.pop_front();
	return true;
}

void ResponseParser::feed(const char* data, std::size_t size)
{
	std::size_t i = 0;
	while (i < size)
	{
		if (_inLiteral)
		{
			std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(_remaining, size - i));
			if (_sink) _sink->write(data + i, n);
			else _literals.back().append(data + i, n);
			_remaining -= n;
			_offset += n;
			i += n;
			if (_remaining == 0)
			{
				if (_sink) _sink->end();
				_sink = nullptr;
				_inLiteral = false;
			}
			continue;
		}
		const char* newline = static_cast<const char*>(std::memchr(data + i, '\n', size - i));
		std::size_t end = newline ? static_cast<std::size_t>(newline - data) : size;
		if (std::memchr(data + i, '\0', end - i))
		{
			std::size_t at = static_cast<std::size_t>(static_cast<const char*>(std::memchr(data + i, '\0', end - i)) - data);
			_text.append(data + i, at - i);
			throw ImapProtocolError(protocolErrorText("NUL byte outside a literal", _text, _text.size()));
		}
		if (_text.size() + (end - i) > _limits.maxText)
			throw ImapProtocolError(protocolErrorText("response longer than " + std::to_string(_limits.maxText) + " bytes", _text, _text.size()));
		_text.append(data + i, end - i);
		_offset += end - i;
		i = end;
		if (newline)
		{
			++i;
			++_offset;
			lineEnded();
		}
	}
}

void ResponseParser::lineEnded()
{
	if (!_text.empty() && _text.back() == '\r') _text.pop_back();
	// A line ending in {N}, {N+} or ~{N} announces a literal. A quoted string
	// cannot hold a line break, so such an ending is never inside a string.
	if (!_text.empty() && _text.back() == '}')
	{
		std::size_t open = _text.rfind('{');
		// Only text that came after the last literal can announce a new one.
		if (open != std::string::npos && open >= _lineStart)
		{
			std::size_t digitsEnd = _text.size() - 1;
			if (digitsEnd > open + 1 && _text[digitsEnd - 1] == '+') --digitsEnd;
			bool digits = digitsEnd > open + 1;
			std::uint64_t n = 0;
			for (std::size_t k = open + 1; k < digitsEnd && digits; ++k)
			{
				char c = _text[k];
				if (c < '0' || c > '9') digits = false;
				else if (n > (_limits.maxLiteral + 9) / 10) n = _limits.maxLiteral + 1; // saturate, no overflow
				else n = n * 10 + std::uint64_t(c - '0');
			}
			if (digits)
			{
				if (n > _limits.maxLiteral)
					throw ImapProtocolError(protocolErrorText("literal larger than " + std::to_string(_limits.maxLiteral) + " bytes", _text, open));
				LiteralSink* sink = _chooser ? _chooser(_text, n) : nullptr;
				if (!sink && n > _limits.maxHeldLiteral)
					throw ImapProtocolError(protocolErrorText("literal of " + std::to_string(n) + " bytes where no sink takes it", _text, open));
				_literals.emplace_back();
				_sunk.push_back(sink != nullptr);
				_sizes.push_back(n);
				if (!sink) _literals.back().reserve(static_cast<std::size_t>(n));
				_sink = sink;
				if (_sink) _sink->begin(n);
				_remaining = n;
				_inLiteral = true;
				_lineStart = _text.size();
				if (n == 0)
				{
					if (_sink) _sink->end();
					_sink = nullptr;
					_inLiteral = false;
				}
				return;
			}
		}
	}
	finishResponse();
}

void ResponseParser::finishResponse()
{
	if (_text.empty() && _literals.empty()) return; // a stray empty line
	ResponseGrammar grammar(_text, _literals, _sunk, _sizes, _limits.maxDepth);
	_ready.push_back(grammar.parse());
	_text.clear();
	_literals.clear();
	_sunk.clear();
	_sizes.clear();
	_offset = 0;
	_lineStart = 0;
}

} } // namespace mailbridge::imap
