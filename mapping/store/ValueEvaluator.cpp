//
// ValueEvaluator.cpp
//

#include "mapping/store/ValueEvaluator.h"
#include <Poco/String.h>
#include "mapping/store/ParamBinder.h"
#include <Poco/DateTimeFormatter.h>
#include <Poco/Latin1Encoding.h>
#include <Poco/LocalDateTime.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/TextConverter.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Windows1252Encoding.h>
#include <algorithm>
#include <cctype>

namespace mailbridge {
namespace mapping {

namespace {

std::string join(const std::vector<std::string>& v)
{
	std::string out;
	for (const auto& s: v) out += (out.empty() ? "" : ", ") + s;
	return out;
}

BoundValue text(const std::string& s)
{
	BoundValue v;
	v.type = BoundValue::Text;
	v.text = s;
	return v;
}

BoundValue optionalText(const std::string& s)
{
	return s.empty() ? BoundValue() : text(s);
}

BoundValue integer(Poco::Int64 n)
{
	BoundValue v;
	v.type = BoundValue::Integer;
	v.integer = n;
	return v;
}

BoundValue key(const std::string& s)
	/// Keys are bound as integers when they are plain decimal numbers (so an
	/// INTEGER column takes them on every driver), else as text: "00123"
	/// stays text.
{
	Poco::Int64 n;
	bool canonical = !s.empty() && s.size() < 19 && (s == "0" || (s[0] != '0' && s[0] != '-' && s[0] != '+'))
		&& Poco::NumberParser::tryParse64(s, n);
	return canonical ? integer(n) : optionalText(s);
}

bool isAchar(unsigned char c)
{
	// RFC 5092 achar = unreserved / sub-delims-sh / pct-encoded / "&" / "="
	return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '!' || c == '$' || c == '\''
		|| c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == '&' || c == '=';
}

std::string encode(const std::string& s, bool bchar)
{
	static const char* HEX = "0123456789ABCDEF";
	std::string out;
	for (unsigned char c: s)
	{
		if (isAchar(c) || (bchar && (c == ':' || c == '@' || c == '/'))) out += static_cast<char>(c);
		else
		{
			out += '%';
			out += HEX[c >> 4];
			out += HEX[c & 15];
		}
	}
	return out;
}

} // namespace

std::string ValueEvaluator::truncate(const std::string& utf8, std::size_t maxChars, const std::string& marker)
{
	if (maxChars == 0) return utf8;
	auto charStarts = [](const std::string& s)
	{
		std::vector<std::size_t> starts;
		for (std::size_t i = 0; i < s.size(); ++i)
			if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
		return starts;
	};
	std::vector<std::size_t> starts = charStarts(utf8);
	if (starts.size() <= maxChars) return utf8;
	std::size_t markerChars = charStarts(marker).size();
	std::size_t keep = maxChars > markerChars ? maxChars - markerChars : 0;
	return utf8.substr(0, starts[keep]) + (markerChars > maxChars ? std::string() : marker);
}

std::string ValueEvaluator::toCodePage(const std::string& utf8, const std::string& codePage)
{
	if (codePage.empty()) return utf8;
	Poco::UTF8Encoding from;
	Poco::Latin1Encoding latin1;
	Poco::Windows1252Encoding cp1252;
	Poco::TextEncoding& to = (codePage == "latin1" || codePage == "iso-8859-1")
		? static_cast<Poco::TextEncoding&>(latin1) : static_cast<Poco::TextEncoding&>(cp1252);
	Poco::TextConverter converter(from, to, '?');
	std::string out;
	converter.convert(utf8, out);
	return out;
}

std::string ValueEvaluator::limitToCodePage(const std::string& utf8, const std::string& codePage)
{
	if (codePage.empty()) return utf8;
	std::string single = toCodePage(utf8, codePage);
	Poco::UTF8Encoding to;
	Poco::Latin1Encoding latin1;
	Poco::Windows1252Encoding cp1252;
	Poco::TextEncoding& from = (codePage == "latin1" || codePage == "iso-8859-1")
		? static_cast<Poco::TextEncoding&>(latin1) : static_cast<Poco::TextEncoding&>(cp1252);
	Poco::TextConverter converter(from, to, '?');
	std::string out;
	converter.convert(single, out);
	return out;
}

std::string ValueEvaluator::imapUrl(const std::string& user, const std::string& host, const std::string& mailbox,
	std::uint32_t uidValidity, std::uint32_t uid)
{
	return "imap://" + encode(user, false) + "@" + host + "/" + encode(mailbox, true)
		+ ";UIDVALIDITY=" + Poco::NumberFormatter::format(uidValidity)
		+ "/;UID=" + Poco::NumberFormatter::format(uid);
}

Poco::DateTime ValueEvaluator::inZone(const Poco::Timestamp& when, const std::string& timeZone)
{
	if (timeZone.empty() || timeZone == "utc") return Poco::DateTime(when);
	if (timeZone == "local")
	{
		Poco::LocalDateTime local(when);
		return Poco::DateTime(local.year(), local.month(), local.day(), local.hour(), local.minute(), local.second(),
			local.millisecond());
	}
	int sign = timeZone[0] == '-' ? -1 : 1;
	int minutes = ((timeZone[1] - '0') * 10 + (timeZone[2] - '0')) * 60 + (timeZone[4] - '0') * 10 + (timeZone[5] - '0');
	Poco::DateTime dt(when);
	dt += Poco::Timespan(0, 0, sign * minutes, 0, 0);
	return dt;
}

std::string ValueEvaluator::keyText(const std::string& prefix, std::size_t width, Poco::Int64 number)
{
	std::string digits = Poco::NumberFormatter::format(number);
	if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
	return prefix + digits;
}

std::pair<std::string, std::string> ValueEvaluator::splitName(const std::string& displayName, const std::string& address)
{
	std::string name = Poco::trim(displayName);
	// "Doe, Jane" names the family first.
	const std::size_t comma = name.find(',');
	if (comma != std::string::npos)
		return {Poco::trim(name.substr(comma + 1)), Poco::trim(name.substr(0, comma))};
	const std::size_t space = name.find_last_of(" \t");
	if (space != std::string::npos)
		return {Poco::trim(name.substr(0, space)), name.substr(space + 1)};
	if (!name.empty()) return {std::string(), name};
	// No name at all: the address's local part stands in as the family name.
	return {std::string(), address.substr(0, address.find('@'))};
}

std::string ValueEvaluator::perDirection(const ValueExpression& expr, const sync::MessageRecord* r)
{
	if (r)
	{
		switch (r->kind)
		{
		case sync::MessageKind::Bulk: if (expr.hasBulkValue) return expr.bulkValue; break;
		case sync::MessageKind::AutoReply: if (expr.hasAutoReplyValue) return expr.autoReplyValue; break;
		case sync::MessageKind::Bounce: if (expr.hasBounceValue) return expr.bounceValue; break;
		case sync::MessageKind::Normal: break;
		}
	}
	return !r || r->direction == sync::Direction::In ? expr.inValue : expr.outValue;
}

BoundValue ValueEvaluator::evaluate(const ValueExpression& expr, const ActivityContext& c)
{
	const sync::MessageRecord* r = c.record;
	bool in = !r || r->direction == sync::Direction::In;
	BoundValue v;
	switch (expr.kind)
	{
	case ValueKind::Constant: v = expr.isNull ? BoundValue() : text(expr.constant); break;
	case ValueKind::PerDirection: v = text(perDirection(expr, r)); break;
	case ValueKind::Subject: v = text(r ? r->subject : ""); break;
	case ValueKind::Text: v = optionalText(c.content ? c.content->text : ""); break;
	case ValueKind::Html: v = optionalText(c.content ? c.content->html : ""); break;
	case ValueKind::From: v = text(r ? r->senderAddress : ""); break;
	case ValueKind::FromName: v = text(r ? r->senderName : ""); break;
	case ValueKind::FromFirstName:
	case ValueKind::FromLastName:
	{
		const std::pair<std::string, std::string> name = splitName(r ? r->senderName : "", r ? r->senderAddress : "");
		v = expr.kind == ValueKind::FromFirstName ? optionalText(name.first) : text(name.second);
		break;
	}
	case ValueKind::To: v = text(c.content ? join(c.content->to) : ""); break;
	case ValueKind::Cc: v = text(c.content ? join(c.content->cc) : ""); break;
	case ValueKind::Date:
	case ValueKind::Now:
	{
		Poco::Timestamp when;  // now
		if (expr.kind == ValueKind::Date && r)
			when = c.content && c.content->hasDate ? c.content->date : r->internalDate;
		Poco::DateTime dt = inZone(when, expr.timeZone);
		if (expr.dateFormat.empty())
		{
			v.type = BoundValue::Timestamp;
			v.timestamp = dt;
		}
		else v = text(Poco::DateTimeFormatter::format(dt, expr.dateFormat));
		break;
	}
	case ValueKind::MessageId: v = optionalText(r ? r->messageId : ""); break;
	case ValueKind::Direction: v = text(in ? "in" : "out"); break;
	case ValueKind::MessageKind: v = text(r ? sync::toString(r->kind) : "normal"); break;
	case ValueKind::ImapUrl:
		v = c.folder && r ? text(imapUrl(c.folder->mailbox, c.imapHost, c.folder->folder, c.uidValidity, r->uid)) : BoundValue();
		break;
	case ValueKind::Size: v = integer(r ? static_cast<Poco::Int64>(r->size) : 0); break;
	case ValueKind::AttachmentCount: v = integer(c.content ? static_cast<Poco::Int64>(c.content->attachments.size()) : 0); break;
	case ValueKind::Mailbox: v = text(c.folder ? c.folder->mailbox : ""); break;
	case ValueKind::Folder: v = text(c.folder ? c.folder->folder : ""); break;
	case ValueKind::PersonKey: v = key(c.person ? c.person->key : ""); break;
	case ValueKind::PersonKind: v = text(c.person ? c.person->kind : ""); break;
	case ValueKind::PersonTable: v = text(c.person ? c.person->table : ""); break;
	case ValueKind::PersonAddress: v = text(c.person ? c.person->address : ""); break;
	case ValueKind::PersonOwnerKey: v = key(c.person ? c.person->ownerKey : ""); break;
	case ValueKind::OwnerUserKey: v = key(c.ownerUserKey); break;
	case ValueKind::ParentKey: v = key(c.parentKey); break;
	case ValueKind::ActivityKey: v = key(c.activityKey); break;
	case ValueKind::FileName: v = text(c.attachment ? c.attachment->fileName : ""); break;
	case ValueKind::ContentType: v = text(c.attachment ? c.attachment->contentType : ""); break;
	case ValueKind::Content:
		v.type = BoundValue::Blob;
		v.text = c.attachment ? c.attachment->data : "";
		break;
	case ValueKind::FilePath: v = text(c.filePath); break;
	case ValueKind::FileSize: v = integer(c.attachment ? static_cast<Poco::Int64>(c.attachment->data.size()) : 0); break;
	}
	if (v.type == BoundValue::Text)
	{
		// No database keeps a NUL inside text; drop them rather than cut the value there.
		v.text.erase(std::remove(v.text.begin(), v.text.end(), '\0'), v.text.end());
		v.text = limitToCodePage(truncate(v.text, expr.maxWidth, expr.truncationMarker), expr.codePage);
	}
	return v;
}

BoundValue ValueEvaluator::keyValue(const std::string& k)
{
	return key(k);
}

void ValueEvaluator::bind(ParamBinder& binder, const std::string& name, const BoundValue& value)
{
	switch (value.type)
	{
	case BoundValue::Null: binder.null(name); break;
	case BoundValue::Text: binder.text(name, value.text); break;
	case BoundValue::Integer: binder.integer(name, value.integer); break;
	case BoundValue::Timestamp: binder.timestamp(name, value.timestamp); break;
	case BoundValue::Blob: binder.blob(name, value.text); break;
	}
}

} } // namespace mailbridge::mapping
