#include "connector/service/MimeContentSource.h"
#include "connector/mime/MessageParser.h"

#include <sstream>

namespace mailbridge {
namespace service {

namespace {

std::vector<std::string> written(const std::vector<mime::Address>& list)
{
	std::vector<std::string> out;
	for (const mime::Address& a: list)
		out.push_back(a.name.empty() ? a.address : a.name + " <" + a.address + ">");
	return out;
}

} // namespace

mapping::MessageContent MimeContentSource::read(const sync::MessageRecord& record) const
{
	if (!record.message) return mapping::MessageContent();
	if (record.message != _lastMessage || record.headerOnly != _lastHeaderOnly)
	{
		_last = decode(record);
		_lastMessage = record.message;
		_lastHeaderOnly = record.headerOnly;
	}
	return _last;
}

mapping::MessageContent MimeContentSource::decode(const sync::MessageRecord& record) const
{
	mapping::MessageContent content;
	const mime::Message& m = *record.message;
	content.to = written(m.to);
	content.cc = written(m.cc);
	content.date = m.date;
	content.hasDate = m.dateFromHeader;
	if (record.headerOnly) return content;
	content.text = m.text;
	content.html = m.html;
	if (!record.raw) return content;
	for (const mime::Attachment& a: m.attachments)
	{
		// Only the message's own attachments: those of a forwarded message
		// travel inside its .eml, which is listed at depth 0 itself.
		if (a.depth != 0) continue;
		std::ostringstream data;
		mime::streamAttachment(record.raw->data(), record.raw->size(), a, data);
		content.attachments.push_back(mapping::MessageAttachment{a.fileName, a.contentType, data.str()});
	}
	return content;
}

} } // namespace mailbridge::service
