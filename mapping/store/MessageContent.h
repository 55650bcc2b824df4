//
// MessageContent.h
//
// The parts of a message an activity row may need beyond what the sync
// engine's MessageRecord carries (body text, recipients, attachments), read
// through MessageContentSource so the writer does not depend on the MIME
// parser's types.
//

#ifndef MB_Mapping_MessageContent_INCLUDED
#define MB_Mapping_MessageContent_INCLUDED

#include "connector/sync/MessageRecord.h"
#include <Poco/Timestamp.h>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

struct MessageAttachment
{
	std::string fileName;
	std::string contentType;  ///< lowercased type/subtype
	std::string data;         ///< decoded bytes
};

struct MessageContent
{
	std::string text;                  ///< the text/plain body (or text made from HTML)
	std::string html;                  ///< the text/html body, when there is one
	std::vector<std::string> to, cc;   ///< addresses as written
	Poco::Timestamp date;              ///< the Date: header
	bool hasDate = false;              ///< else the IMAP internal date is used
	std::vector<MessageAttachment> attachments;
};

class MessageContentSource
{
public:
	virtual ~MessageContentSource() = default;

	virtual MessageContent read(const sync::MessageRecord& record) const = 0;
		/// The content of the record's message. Throws MessageError when it
		/// cannot be read.
};

class HeaderOnlyContent: public MessageContentSource
	/// Content from the MessageRecord alone: no body, no recipients, no
	/// attachments. The writer's default until a MIME-backed source is given.
{
public:
	MessageContent read(const sync::MessageRecord&) const override
	{
		return MessageContent();
	}
};

} } // namespace mailbridge::mapping

#endif
