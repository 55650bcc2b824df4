//
// MessageParser.cpp
//

#include "connector/mime/MessageParser.h"
#include "connector/common/Errors.h"
#include "connector/mime/AddressParser.h"
#include "connector/mime/BodyWalker.h"
#include "connector/mime/Classifier.h"
#include "connector/mime/DateParser.h"
#include "connector/mime/EncodedWords.h"
#include "connector/mime/HtmlToText.h"
#include "connector/mime/QuoteSplitter.h"
#include "connector/mime/TransferDecoding.h"

#include <exception>

namespace mailbridge {
namespace mime {

namespace {

bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string cleanId(std::string_view v)
{
	// Ids rarely hold anything to drop: copy runs, not characters.
	std::string r;
	std::size_t i = 0;
	while (i < v.size())
	{
		std::size_t j = i;
		while (j < v.size() && !blank(v[j]) && v[j] != '<' && v[j] != '>') ++j;
		r.append(v.data() + i, j - i);
		i = j + 1;
	}
	return r;
}

// Header text for display: control characters become blanks, runs of blanks one.
std::string displayText(const std::string& s)
{
	std::string r;
	r.reserve(s.size());
	bool pending = false;
	for (char c: s)
	{
		if (static_cast<unsigned char>(c) < 32 || c == 127)
		{
			pending = !r.empty();
			continue;
		}
		if (c == ' ')
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

// Leading blank lines and trailing blanks are not part of what was written.
void trimText(std::string& s)
{
	std::size_t b = 0;
	std::size_t i = 0;
	while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
	{
		if (s[i] == '\n') b = i + 1;
		++i;
	}
	if (i == s.size()) b = s.size();
	std::size_t e = s.size();
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
	s.resize(e);
	s.erase(0, b);
}

void cutUtf8(std::string& s, std::size_t max)
{
	if (s.size() <= max) return;
	std::size_t cut = max;
	while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
	s.resize(cut);
}

} // namespace

MessageParser::MessageParser(const ParseOptions& options): _options(options)
{
}

std::string MessageParser::messageId(std::string_view v)
{
	std::size_t lt = v.find('<');
	if (lt != std::string_view::npos)
	{
		std::size_t gt = v.find('>', lt);
		return cleanId(v.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1));
	}
	std::size_t b = 0;
	while (b < v.size() && blank(v[b])) ++b;
	std::size_t e = b;
	while (e < v.size() && !blank(v[e])) ++e;
	return cleanId(v.substr(b, e - b));
}

std::vector<std::string> MessageParser::messageIds(std::string_view v)
{
	std::vector<std::string> ids;
	std::size_t p = 0;
	bool angles = v.find('<') != std::string_view::npos;
	while (p < v.size())
	{
		if (angles)
		{
			std::size_t lt = v.find('<', p);
			if (lt == std::string_view::npos) break;
			std::size_t gt = v.find('>', lt);
			std::string id = cleanId(v.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1));
			if (!id.empty()) ids.push_back(id);
			if (gt == std::string_view::npos) break;
			p = gt + 1;
		}
		else
		{
			while (p < v.size() && (blank(v[p]) || v[p] == ',')) ++p;
			std::size_t e = p;
			while (e < v.size() && !blank(v[e]) && v[e] != ',') ++e;
			if (e > p) ids.push_back(std::string(v.substr(p, e - p)));
			p = e;
		}
	}
	return ids;
}

void MessageParser::readHeaders(const HeaderBlock& h, Message& m) const
{
	m.messageId = messageId(h.view("Message-ID"));
	m.inReplyTo = messageId(h.view("In-Reply-To"));
	m.references = messageIds(h.view("References"));
	// One pass over the fields for the address headers, in header order.
	for (const HeaderBlock::Field& f: h.fields())
	{
		std::vector<Address>* out = nullptr;
		if (HeaderBlock::equalsIgnoreCase(f.name, "From")) out = &m.from;
		else if (HeaderBlock::equalsIgnoreCase(f.name, "To")) out = &m.to;
		else if (HeaderBlock::equalsIgnoreCase(f.name, "Cc")) out = &m.cc;
		else if (HeaderBlock::equalsIgnoreCase(f.name, "Bcc")) out = &m.bcc;
		else if (HeaderBlock::equalsIgnoreCase(f.name, "Reply-To")) out = &m.replyTo;
		if (out == nullptr) continue;
		std::vector<Address> list = AddressParser::parseList(f.value);
		if (out->empty()) *out = std::move(list);
		else
		{
			for (Address& a: list) out->push_back(std::move(a));
		}
	}
	m.sender = AddressParser::parseOne(h.view("Sender"));
	const std::string* rp = h.find("Return-Path");
	if (rp != nullptr) m.returnPath = AddressParser::normalize(*rp);
	m.subject = displayText(EncodedWords::decode(h.view("Subject")));
	if (m.from.empty() && h.find("From") != nullptr) m.problems.push_back("From header without a readable address");
}

void MessageParser::readDate(const HeaderBlock& h, Message& m) const
{
	const std::string* date = h.find("Date");
	if (date != nullptr && DateParser::parse(*date, m.date, m.zoneOffsetMinutes))
	{
		m.dateFromHeader = true;
		return;
	}
	if (date != nullptr) m.problems.push_back("unreadable Date: " + date->substr(0, 80));
	if (_options.hasInternalDate)
	{
		m.date = _options.internalDate;
		m.zoneOffsetMinutes = 0;
		return;
	}
	// Without an internal date, the newest Received stamp is the best guess.
	for (const std::string* r: h.findAll("Received"))
	{
		std::size_t semi = r->rfind(';');
		if (semi != std::string::npos && DateParser::parse(std::string_view(*r).substr(semi + 1), m.date, m.zoneOffsetMinutes))
			return;
	}
	m.date = Poco::Timestamp(0);
}

Message MessageParser::parse(const char* data, std::size_t size) const
{
	Message m;
	m.size = size;
	try
	{
		HeaderBlock headers;
		std::size_t bodyStart = headers.parse(data, size);
		for (const std::string& p: headers.problems()) m.problems.push_back(p);
		readHeaders(headers, m);
		readDate(headers, m);

		BodyWalker walker(data, size, _options, m);
		walker.walk(headers, bodyStart, size);

		cutUtf8(m.text, _options.maxTextBytes);
		cutUtf8(m.html, _options.maxTextBytes);
		if (m.text.find_first_not_of(" \t\r\n") == std::string::npos && !m.html.empty())
			m.text = HtmlToText::convert(m.html);
		trimText(m.text);
		QuoteSplitter::split(m.text, m.textNew, m.quoted);

		m.bulk = Classifier::isBulk(headers);
		m.deliveryReport = walker.sawDeliveryStatus();
		m.autoReply = !m.deliveryReport && Classifier::isAutoReply(headers, m.subject);
	}
	catch (const std::exception& exc)
	{
		m.problems.push_back(std::string("parse stopped: ") + exc.what());
	}
	catch (...)
	{
		m.problems.push_back("parse stopped");
	}
	return m;
}

Message parseMessage(const char* data, std::size_t size, const ParseOptions& options)
{
	return MessageParser(options).parse(data, size);
}

void streamAttachment(const char* data, std::size_t size, const Attachment& att, std::ostream& sink)
{
	if (att.offset > size || att.length > size - att.offset)
		throw MessageError("attachment lies outside the message", att.fileName);
	TransferDecoding::Encoding enc = TransferDecoding::encodingOf(att.transferEncoding);
	TransferDecoding::stream(enc, data + att.offset, static_cast<std::size_t>(att.length), sink);
}

} } // namespace mailbridge::mime
