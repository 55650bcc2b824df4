//
// MessageBuilder.cpp
//

#include "connector/mime/MessageBuilder.h"
#include "connector/mime/HeaderBlock.h"
#include "connector/mime/HeaderEncoder.h"
#include "connector/mime/TransferEncoding.h"

#include <Poco/Exception.h>
#include <Poco/RandomStream.h>
#include <cstdio>
#include <ctime>

namespace mailbridge {
namespace mime {

namespace {

const char* const OWN_HEADERS[] = {"from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id",
	"in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding"};

std::string randomHex(std::size_t bytes)
{
	static const char HEX[] = "0123456789abcdef";
	Poco::RandomInputStream random;
	std::string r;
	for (std::size_t i = 0; i < bytes; ++i)
	{
		unsigned char c = static_cast<unsigned char>(random.get());
		r.push_back(HEX[c >> 4]);
		r.push_back(HEX[c & 15]);
	}
	return r;
}

std::string lower(const std::string& s)
{
	std::string r(s);
	for (char& c: r)
	{
		if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
	}
	return r;
}

} // namespace

MessageBuilder::MessageBuilder(std::string messageIdDomain): _domain(std::move(messageIdDomain))
{
}

MessageBuilder& MessageBuilder::from(const Address& a) { _from = a; return *this; }
MessageBuilder& MessageBuilder::to(const Address& a) { _to.push_back(a); return *this; }
MessageBuilder& MessageBuilder::cc(const Address& a) { _cc.push_back(a); return *this; }
MessageBuilder& MessageBuilder::bcc(const Address& a) { _bcc.push_back(a); return *this; }
MessageBuilder& MessageBuilder::replyTo(const Address& a) { _replyTo.push_back(a); return *this; }
MessageBuilder& MessageBuilder::subject(const std::string& s) { _subject = s; return *this; }
MessageBuilder& MessageBuilder::text(const std::string& s) { _text = s; return *this; }
MessageBuilder& MessageBuilder::html(const std::string& s) { _html = s; return *this; }

MessageBuilder& MessageBuilder::attach(OutgoingAttachment a)
{
	_attachments.push_back(std::move(a));
	return *this;
}

MessageBuilder& MessageBuilder::inReplyTo(const Message& parent)
{
	_inReplyTo = parent.messageId;
	_references = parent.references;
	if (_references.empty() && !parent.inReplyTo.empty()) _references.push_back(parent.inReplyTo);
	if (!parent.messageId.empty()) _references.push_back(parent.messageId);
	return *this;
}

MessageBuilder& MessageBuilder::date(const Poco::Timestamp& when, int zoneOffsetMinutes)
{
	_hasDate = true;
	_date = when;
	_zone = zoneOffsetMinutes;
	return *this;
}

MessageBuilder& MessageBuilder::header(const std::string& name, const std::string& value)
{
	bool valid = !name.empty();
	for (char c: name)
	{
		unsigned char u = static_cast<unsigned char>(c);
		if (u <= 32 || u >= 127 || c == ':') valid = false;
	}
	if (!valid) throw Poco::InvalidArgumentException("not a header field name", name);
	for (const char* own: OWN_HEADERS)
	{
		if (lower(name) == own) throw Poco::InvalidArgumentException("header written by the builder itself", name);
	}
	_extra.emplace_back(name, value);
	return *this;
}

std::vector<std::string> MessageBuilder::envelopeRecipients() const
{
	std::vector<std::string> r;
	for (const auto* list: {&_to, &_cc, &_bcc})
	{
		for (const Address& a: *list) r.push_back(a.address);
	}
	return r;
}

std::string MessageBuilder::formatDate(const Poco::Timestamp& when, int zone)
{
	static const char* const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char* const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	std::time_t local = static_cast<std::time_t>(when.epochTime()) + zone * 60;
	std::tm tm{};
	gmtime_r(&local, &tm);
	int offset = zone < 0 ? -zone : zone;
	char buffer[64];
	std::snprintf(buffer, sizeof(buffer), "%s, %d %s %04d %02d:%02d:%02d %c%02d%02d", DAYS[tm.tm_wday], tm.tm_mday,
		MONTHS[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, zone < 0 ? '-' : '+', offset / 60, offset % 60);
	return buffer;
}

std::string MessageBuilder::newBoundary()
{
	// "=_" cannot occur in quoted-printable or base64 output.
	return "=_mb_" + randomHex(12);
}

std::string MessageBuilder::bodyPart(const std::string& type, const std::string& content) const
{
	std::string part = "Content-Type: " + type + "; charset=UTF-8\r\n";
	if (TransferEncoding::needsEncoding(content))
		part += "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + TransferEncoding::quotedPrintable(content);
	else
		part += "Content-Transfer-Encoding: 7bit\r\n\r\n" + TransferEncoding::toCrlf(content);
	if (part.size() < 2 || part.compare(part.size() - 2, 2, "\r\n") != 0) part += "\r\n";
	return part;
}

std::string MessageBuilder::attachmentPart(const OutgoingAttachment& a) const
{
	std::string type = a.contentType.empty() ? "application/octet-stream" : HeaderEncoder::clean(a.contentType);
	std::string part = HeaderEncoder::fold("Content-Type", type + HeaderEncoder::fileNameParams("name", a.fileName));
	bool inlinePart = !a.contentId.empty();
	part += HeaderEncoder::fold("Content-Disposition",
		std::string(inlinePart ? "inline" : "attachment") + HeaderEncoder::fileNameParams("filename", a.fileName));
	if (inlinePart) part += "Content-ID: <" + HeaderEncoder::clean(a.contentId) + ">\r\n";
	part += "Content-Transfer-Encoding: base64\r\n\r\n";
	part += TransferEncoding::base64(a.data);
	return part;
}

std::string MessageBuilder::build()
{
	if (_from.address.empty()) throw Poco::InvalidArgumentException("message without From");
	if (_to.empty() && _cc.empty() && _bcc.empty()) throw Poco::InvalidArgumentException("message without recipients");
	_messageId = randomHex(16) + "@" + HeaderEncoder::clean(_domain);

	std::string out;
	out += HeaderEncoder::fold("Date", formatDate(_hasDate ? _date : Poco::Timestamp(), _hasDate ? _zone : 0));
	out += HeaderEncoder::fold("From", HeaderEncoder::mailbox(_from));
	if (!_to.empty()) out += HeaderEncoder::fold("To", HeaderEncoder::mailboxList(_to));
	if (!_cc.empty()) out += HeaderEncoder::fold("Cc", HeaderEncoder::mailboxList(_cc));
	if (!_replyTo.empty()) out += HeaderEncoder::fold("Reply-To", HeaderEncoder::mailboxList(_replyTo));
	out += HeaderEncoder::fold("Subject", HeaderEncoder::unstructured(_subject));
	out += HeaderEncoder::fold("Message-ID", "<" + _messageId + ">");
	if (!_inReplyTo.empty()) out += HeaderEncoder::fold("In-Reply-To", "<" + HeaderEncoder::clean(_inReplyTo) + ">");
	if (!_references.empty())
	{
		std::string refs;
		for (const std::string& r: _references)
		{
			if (!refs.empty()) refs += ' ';
			refs += "<" + HeaderEncoder::clean(r) + ">";
		}
		out += HeaderEncoder::fold("References", refs);
	}
	for (const auto& h: _extra) out += HeaderEncoder::fold(h.first, HeaderEncoder::unstructured(h.second));
	out += "MIME-Version: 1.0\r\n";

	std::string body;
	std::string bodyHeaders;
	if (!_html.empty())
	{
		std::string b = newBoundary();
		bodyHeaders = "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n";
		body = "\r\n--" + b + "\r\n" + bodyPart("text/plain", _text) + "--" + b + "\r\n" + bodyPart("text/html", _html)
			+ "--" + b + "--\r\n";
	}
	else
	{
		std::string part = bodyPart("text/plain", _text);
		std::size_t split = part.find("\r\n\r\n");
		bodyHeaders = part.substr(0, split + 2);
		body = part.substr(split + 2);
	}
	if (_attachments.empty())
	{
		out += bodyHeaders + body;
		return out;
	}
	std::string b = newBoundary();
	out += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n";
	out += "This is a multi-part message in MIME format.\r\n";
	out += "--" + b + "\r\n" + bodyHeaders + body;
	for (const OutgoingAttachment& a: _attachments) out += "--" + b + "\r\n" + attachmentPart(a);
	out += "--" + b + "--\r\n";
	return out;
}

} } // namespace mailbridge::mime
