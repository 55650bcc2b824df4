#include "connector/imap/protocol/ResponseGrammar.h"

#include "connector/imap/protocol/ImapErrors.h"
#include "connector/imap/protocol/ModifiedUtf7.h"

#include <Poco/String.h>

#include <cctype>

namespace mailbridge {
namespace imap {

namespace {

bool atomChar(char ch)
{
	unsigned char c = static_cast<unsigned char>(ch);
	return c > 0x20 && c != 0x7F && c != '(' && c != ')' && c != '{' && c != '"' && c != '[' && c != ']';
}

// Valid UTF-8 (RFC 3629): names sent raw under UTF8=ACCEPT are kept as they are.
bool validUtf8(const std::string& s)
{
	std::size_t i = 0;
	while (i < s.size())
	{
		unsigned char c = static_cast<unsigned char>(s[i]);
		int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (len == 0 || i + len > s.size()) return false;
		for (int k = 1; k < len; ++k)
			if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
		i += len;
	}
	return true;
}

std::string replaceInvalidUtf8(const std::string& s)
{
	std::string out;
	std::size_t i = 0;
	while (i < s.size())
	{
		unsigned char c = static_cast<unsigned char>(s[i]);
		int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		bool ok = len != 0 && i + len <= s.size();
		for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
		if (ok)
		{
			out.append(s, i, len);
			i += len;
		}
		else
		{
			out += "\xEF\xBF\xBD";
			++i;
		}
	}
	return out;
}

} // namespace

ResponseGrammar::ResponseGrammar(const std::string& text, std::vector<std::string>& literals, const std::vector<bool>& sunk,
	const std::vector<std::uint64_t>& sizes, int maxDepth):
	_text(text),
	_literals(literals),
	_sunk(sunk),
	_sizes(sizes),
	_maxDepth(maxDepth)
{
}

void ResponseGrammar::fail(const std::string& what) const
{
	throw ImapProtocolError(protocolErrorText(what, _text, _pos));
}

void ResponseGrammar::expect(char c)
{
	if (peek() != c || atEnd()) fail(std::string("expected '") + c + "'");
	++_pos;
}

bool ResponseGrammar::skip(char c)
{
	if (atEnd() || peek() != c) return false;
	++_pos;
	return true;
}

void ResponseGrammar::space()
{
	expect(' ');
}

std::string ResponseGrammar::atom()
{
	std::size_t start = _pos;
	while (!atEnd() && atomChar(peek())) ++_pos;
	if (_pos == start) fail("expected an atom");
	return _text.substr(start, _pos - start);
}

std::string ResponseGrammar::word()
{
	return Poco::toUpper(atom());
}

std::uint64_t ResponseGrammar::number()
{
	std::size_t start = _pos;
	std::uint64_t value = 0;
	while (!atEnd() && std::isdigit(static_cast<unsigned char>(peek())))
	{
		if (value > (0xFFFFFFFFFFFFFFFFull - 9) / 10) fail("number too large");
		value = value * 10 + std::uint64_t(peek() - '0');
		++_pos;
	}
	if (_pos == start) fail("expected a number");
	return value;
}

std::uint32_t ResponseGrammar::number32()
{
	std::size_t start = _pos;
	std::uint64_t value = number();
	if (value > 0xFFFFFFFFull)
	{
		_pos = start;
		fail("number larger than 32 bits");
	}
	return static_cast<std::uint32_t>(value);
}

ResponseGrammar::NString ResponseGrammar::nstring()
{
	NString s;
	if (peek() == '"')
	{
		++_pos;
		while (true)
		{
			if (atEnd()) fail("unterminated quoted string");
			char c = _text[_pos++];
			if (c == '"') break;
			if (c == '\\')
			{
				if (atEnd()) fail("unterminated quoted string");
				c = _text[_pos++];
			}
			s.data += c;
		}
		s.size = s.data.size();
		return s;
	}
	if (peek() == '{' || (peek() == '~' && _pos + 1 < _text.size() && _text[_pos + 1] == '{'))
	{
		if (peek() == '~') ++_pos;
		++_pos;
		number();
		skip('+');
		expect('}');
		if (_literal >= _literals.size()) fail("literal marker without a literal");
		s.sunk = _sunk[_literal];
		s.size = _sizes[_literal];
		if (!s.sunk) s.data.swap(_literals[_literal]);
		++_literal;
		return s;
	}
	std::size_t start = _pos;
	std::string a = atom();
	if (Poco::icompare(a, "NIL") != 0)
	{
		_pos = start;
		fail("expected a string or NIL");
	}
	s.nil = true;
	return s;
}

std::string ResponseGrammar::astring()
{
	if (peek() == '"' || peek() == '{' || peek() == '~')
	{
		NString s = nstring();
		if (s.sunk) fail("a name was streamed to a sink");
		return s.data;
	}
	// ASTRING-CHAR includes ']'.
	std::size_t start = _pos;
	while (!atEnd() && (atomChar(peek()) || peek() == ']')) ++_pos;
	if (_pos == start) fail("expected an atom or string");
	return _text.substr(start, _pos - start);
}

Item ResponseGrammar::item(int depth)
{
	Item it;
	if (depth > _maxDepth) fail("lists nested deeper than " + std::to_string(_maxDepth));
	char c = peek();
	if (atEnd()) fail("expected a value");
	if (c == '(')
	{
		++_pos;
		it.kind = Item::List;
		if (skip(')')) return it;
		while (true)
		{
			it.children.push_back(item(depth + 1));
			if (skip(')')) break;
			space();
		}
		return it;
	}
	if (c == '"' || c == '{' || (c == '~' && _pos + 1 < _text.size() && _text[_pos + 1] == '{'))
	{
		NString s = nstring();
		it.kind = Item::String;
		it.text.swap(s.data);
		return it;
	}
	// An atom, possibly with a [section] inside (BODY[HEADER] in unknown data).
	std::size_t start = _pos;
	while (!atEnd() && peek() != ' ' && peek() != ')' && peek() != '(')
	{
		if (peek() == '[')
		{
			std::size_t close = _text.find(']', _pos);
			if (close == std::string::npos) fail("unterminated '['");
			_pos = close + 1;
			continue;
		}
		if (!atomChar(peek()) && peek() != ']') break;
		++_pos;
	}
	if (_pos == start) fail("unexpected character");
	it.text = _text.substr(start, _pos - start);
	it.kind = Poco::icompare(it.text, "NIL") == 0 ? Item::Nil : Item::Atom;
	return it;
}

std::vector<std::string> ResponseGrammar::wordList()
{
	std::vector<std::string> out;
	Item list = item(0);
	if (list.kind != Item::List) fail("expected a list");
	for (const Item& member: list.children) out.push_back(member.text);
	return out;
}

std::string ResponseGrammar::rest()
{
	std::string out = _pos < _text.size() ? _text.substr(_pos) : std::string();
	_pos = _text.size();
	return out;
}

Response ResponseGrammar::parse()
{
	Response r;
	r.line = _text;
	if (skip('+'))
	{
		r.type = Response::Continuation;
		skip(' ');
		r.text = rest();
		return r;
	}
	if (skip('*'))
	{
		r.type = Response::Untagged;
	}
	else
	{
		r.type = Response::Tagged;
		std::size_t start = _pos;
		while (!atEnd() && atomChar(peek()) && peek() != '+') ++_pos;
		if (_pos == start) fail("expected a tag or '*'");
		r.tag = _text.substr(start, _pos - start);
	}
	space();
	if (std::isdigit(static_cast<unsigned char>(peek())))
	{
		r.number = number32();
		space();
		r.kind = word();
		if (r.kind == "FETCH")
		{
			space();
			fetch(r);
		}
		else if (r.kind != "EXISTS" && r.kind != "RECENT" && r.kind != "EXPUNGE")
		{
			while (skip(' ')) r.items.push_back(item(0));
		}
		if (!atEnd()) fail("unexpected data after " + r.kind);
		return r;
	}
	std::string w = word();
	if (w == "OK" || w == "NO" || w == "BAD" || w == "BYE" || w == "PREAUTH")
	{
		r.status = w;
		statusResponse(r);
		return r;
	}
	if (r.type == Response::Tagged) fail("a tagged response must be OK, NO or BAD");
	r.kind = w;
	if (w == "CAPABILITY" || w == "ENABLED")
	{
		while (skip(' '))
			if (!atEnd()) r.words.push_back(atom());
	}
	else if (w == "FLAGS")
	{
		space();
		r.words = wordList();
	}
	else if (w == "LIST" || w == "LSUB")
	{
		space();
		list(r);
	}
	else if (w == "STATUS")
	{
		space();
		status(r);
	}
	else if (w == "SEARCH")
	{
		search(r);
	}
	else if (w == "ESEARCH")
	{
		esearch(r);
	}
	else if (w == "VANISHED")
	{
		space();
		vanished(r);
	}
	else
	{
		// NAMESPACE, ID and what we do not know: kept generic.
		while (skip(' '))
			if (!atEnd()) r.items.push_back(item(0));
	}
	if (!atEnd()) fail("unexpected data after " + r.kind);
	return r;
}

void ResponseGrammar::statusResponse(Response& r)
{
	if (!skip(' ')) return;
	if (peek() == '[')
	{
		responseCode(r);
		skip(' ');
	}
	r.text = rest();
}

void ResponseGrammar::responseCode(Response& r)
{
	expect('[');
	r.code.name = word();
	std::string args;
	if (skip(' '))
	{
		std::size_t start = _pos;
		int parens = 0;
		bool quoted = false;
		while (!atEnd() && (quoted || parens > 0 || peek() != ']'))
		{
			char c = _text[_pos++];
			if (quoted && c == '\\' && !atEnd()) { ++_pos; continue; }
			if (c == '"') quoted = !quoted;
			else if (!quoted && c == '(') ++parens;
			else if (!quoted && c == ')') --parens;
		}
		args = _text.substr(start, _pos - start);
	}
	expect(']');
	r.code.text = args;

	// The arguments are parsed again as a grammar of their own.
	std::vector<std::string> literals;
	std::vector<bool> sunk;
	std::vector<std::uint64_t> sizes;
	ResponseGrammar sub(args, literals, sunk, sizes, _maxDepth);
	const std::string& name = r.code.name;
	try
	{
		if (name == "UIDVALIDITY" || name == "UIDNEXT" || name == "UNSEEN")
		{
			r.code.number = sub.number32();
		}
		else if (name == "HIGHESTMODSEQ")
		{
			r.code.modseq = sub.number();
		}
		else if (name == "APPENDUID")
		{
			r.code.number = sub.number32();
			sub.space();
			r.code.uids = UidSet::parse(sub.atom());
		}
		else if (name == "COPYUID")
		{
			r.code.number = sub.number32();
			sub.space();
			r.code.uids = UidSet::parse(sub.atom());
			sub.space();
			r.code.targetUids = UidSet::parse(sub.atom());
		}
		else if (name == "PERMANENTFLAGS" || name == "BADCHARSET")
		{
			if (!args.empty()) r.code.list = sub.wordList();
		}
		else if (name == "CAPABILITY")
		{
			r.code.list.push_back(sub.atom());
			while (sub.skip(' ')) r.code.list.push_back(sub.atom());
		}
		else
		{
			sub._pos = args.size(); // kept as text
		}
		if (!sub.atEnd()) sub.fail("unexpected data in [" + name + "]");
	}
	catch (const ImapProtocolError& exc)
	{
		throw ImapProtocolError(protocolErrorText("bad response code [" + name + "]: " + exc.message(), _text, _pos));
	}
}

void ResponseGrammar::fetch(Response& r)
{
	FetchData& f = r.fetch;
	f.seq = r.number;
	expect('(');
	if (skip(')')) return;
	while (true)
	{
		std::size_t start = _pos;
		while (!atEnd() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '.' || peek() == '-')) ++_pos;
		if (_pos == start) fail("expected a FETCH item name");
		std::string name = Poco::toUpper(_text.substr(start, _pos - start));
		bool hasSection = false;
		std::string section;
		std::uint32_t origin = 0;
		if (peek() == '[')
		{
			hasSection = true;
			++_pos;
			std::size_t s = _pos;
			int parens = 0;
			bool quoted = false;
			while (!atEnd() && (quoted || parens > 0 || peek() != ']'))
			{
				char c = _text[_pos++];
				if (quoted && c == '\\' && !atEnd()) { ++_pos; continue; }
				if (c == '"') quoted = !quoted;
				else if (!quoted && c == '(') ++parens;
				else if (!quoted && c == ')') --parens;
			}
			section = _text.substr(s, _pos - s);
			expect(']');
			if (skip('<'))
			{
				origin = number32();
				expect('>');
			}
		}
		space();
		if (hasSection || name == "RFC822" || name == "RFC822.HEADER" || name == "RFC822.TEXT")
		{
			NString s = nstring();
			BodySection b;
			b.section = hasSection ? section : name;
			b.origin = origin;
			b.nil = s.nil;
			b.sunk = s.sunk;
			b.size = s.size;
			b.data.swap(s.data);
			f.sections.push_back(std::move(b));
		}
		else if (name == "UID")
		{
			f.uid = number32();
		}
		else if (name == "FLAGS")
		{
			f.flags = wordList();
			f.hasFlags = true;
		}
		else if (name == "INTERNALDATE")
		{
			NString s = nstring();
			f.internalDate = s.data;
		}
		else if (name == "RFC822.SIZE")
		{
			f.size = number();
		}
		else if (name == "MODSEQ")
		{
			expect('(');
			f.modseq = number();
			expect(')');
		}
		else if (name == "X-GM-MSGID")
		{
			f.gmMsgId = number();
		}
		else if (name == "X-GM-THRID")
		{
			f.gmThrId = number();
		}
		else if (name == "X-GM-LABELS")
		{
			f.gmLabels = wordList();
		}
		else if (name == "BODYSTRUCTURE" || name == "BODY")
		{
			f.bodyStructure = std::make_shared<Item>(item(0));
		}
		else if (name == "ENVELOPE")
		{
			f.envelope = std::make_shared<Item>(item(0));
		}
		else
		{
			item(0); // unknown items are skipped, not fatal
		}
		if (skip(')')) break;
		if (atEnd()) fail("expected ')' to close the FETCH list");
		space();
	}
}

void ResponseGrammar::list(Response& r)
{
	ListEntry& e = r.list;
	e.attributes = wordList();
	space();
	NString delimiter = nstring();
	if (!delimiter.nil)
	{
		if (delimiter.data.size() != 1) fail("a hierarchy delimiter must be one character");
		e.delimiter = delimiter.data[0];
	}
	space();
	e.rawName = astring();
	bool valid = false;
	std::string decoded = decodeMailboxName(e.rawName, &valid);
	// Under UTF8=ACCEPT names come as UTF-8; invalid bytes are shown as U+FFFD
	// while rawName keeps what the server needs to see again.
	e.name = valid ? decoded : (validUtf8(e.rawName) ? e.rawName : replaceInvalidUtf8(e.rawName));
	while (skip(' ')) item(0); // LIST-EXTENDED data
}

void ResponseGrammar::status(Response& r)
{
	r.statusData.mailbox = decodeMailboxName(astring());
	space();
	expect('(');
	if (skip(')')) return;
	while (true)
	{
		std::string key = word();
		space();
		r.statusData.values[key] = number();
		if (skip(')')) break;
		space();
	}
}

void ResponseGrammar::search(Response& r)
{
	std::vector<std::uint32_t> uids;
	while (skip(' '))
	{
		if (atEnd()) break;
		if (peek() == '(')
		{
			++_pos;
			if (word() != "MODSEQ") fail("expected MODSEQ");
			space();
			r.modseq = number();
			expect(')');
			continue;
		}
		uids.push_back(number32());
	}
	r.uids = UidSet(uids);
}

void ResponseGrammar::esearch(Response& r)
{
	if (!skip(' ')) return;
	if (peek() == '(')
	{
		++_pos;
		if (word() != "TAG") fail("expected TAG");
		space();
		r.esearchTag = astring();
		expect(')');
		if (!skip(' ')) return;
	}
	while (!atEnd())
	{
		std::string key = word();
		if (key == "UID")
		{
			if (!skip(' ')) return;
			continue;
		}
		space();
		if (key == "ALL") r.uids = UidSet::parse(atom());
		else if (key == "MODSEQ") r.modseq = number();
		else if (key == "MIN" || key == "MAX" || key == "COUNT") r.esearch[key] = std::to_string(number());
		else r.esearch[key] = item(0).text;
		if (!skip(' ')) break;
	}
}

void ResponseGrammar::vanished(Response& r)
{
	if (peek() == '(')
	{
		++_pos;
		if (word() != "EARLIER") fail("expected EARLIER");
		expect(')');
		space();
		r.earlier = true;
	}
	r.uids = UidSet::parse(atom());
}

} } // namespace mailbridge::imap
