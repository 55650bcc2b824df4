//
// MessageParser.h
//
// Raw RFC 5322 bytes in, a normalized Message out. Pure: no I/O, never
// throws on bad input (what was wrong goes to Message::problems).
//

#ifndef MB_Mime_MessageParser_INCLUDED
#define MB_Mime_MessageParser_INCLUDED

#include "connector/mime/HeaderBlock.h"
#include "connector/mime/Message.h"
#include <cstddef>
#include <ostream>

namespace mailbridge {
namespace mime {

class MessageParser
{
public:
	explicit MessageParser(const ParseOptions& options = ParseOptions());

	Message parse(const char* data, std::size_t size) const;
		/// Parses a whole message. Never throws on bad input.

	static std::string messageId(std::string_view value);
		/// The first "<id>" of a header without its brackets, or the first
		/// word if there are no brackets.

	static std::vector<std::string> messageIds(std::string_view value);
		/// Every id of a References header, in order.

private:
	void readHeaders(const HeaderBlock& headers, Message& m) const;
	void readDate(const HeaderBlock& headers, Message& m) const;

	ParseOptions _options;
};

Message parseMessage(const char* data, std::size_t size, const ParseOptions& options = ParseOptions());
	/// MessageParser(options).parse(data, size).

void streamAttachment(const char* data, std::size_t size, const Attachment& att, std::ostream& sink);
	/// Writes the decoded bytes of an attachment of the message in data to
	/// sink, chunk by chunk, without a second copy of the message.
	/// Throws MessageError if att does not lie within data.

} } // namespace mailbridge::mime

#endif
