//
// MessageBuilder.h
//
// Outbound messages as CRLF bytes ready for SMTP: encoded headers, text
// with an optional HTML alternative, attachments, a generated Message-ID
// and threading headers taken from the message being answered.
//
// This is an own writer rather than Poco::Net::MailMessage: Poco 1.11
// writes UTF-8 subjects, display names and file names as raw 8-bit, puts
// text and HTML side by side in multipart/mixed instead of
// multipart/alternative, and generates no Message-ID.
//

#ifndef MB_Mime_MessageBuilder_INCLUDED
#define MB_Mime_MessageBuilder_INCLUDED

#include "connector/mime/Message.h"
#include <Poco/Timestamp.h>
#include <string>
#include <utility>
#include <vector>

namespace mailbridge {
namespace mime {

struct OutgoingAttachment
{
	std::string fileName;     ///< UTF-8
	std::string contentType;  ///< "application/pdf"; empty means application/octet-stream
	std::string data;         ///< the bytes
	std::string contentId;    ///< without <>, for inline images; makes the part inline
};

class MessageBuilder
{
public:
	explicit MessageBuilder(std::string messageIdDomain);
		/// Message-IDs are generated as "<random@messageIdDomain>".

	MessageBuilder& from(const Address& address);
	MessageBuilder& to(const Address& address);
	MessageBuilder& cc(const Address& address);
	MessageBuilder& bcc(const Address& address);
		/// Bcc recipients are envelope recipients only; never written.
	MessageBuilder& replyTo(const Address& address);
	MessageBuilder& subject(const std::string& utf8);
	MessageBuilder& text(const std::string& utf8);
	MessageBuilder& html(const std::string& utf8);
		/// With both text and HTML, the body is multipart/alternative.
	MessageBuilder& attach(OutgoingAttachment attachment);
	MessageBuilder& inReplyTo(const Message& parent);
		/// In-Reply-To is the parent's Message-ID; References the parent's
		/// References followed by its Message-ID.
	MessageBuilder& date(const Poco::Timestamp& when, int zoneOffsetMinutes = 0);
		/// Without a call, the time of build().
	MessageBuilder& header(const std::string& name, const std::string& value);
		/// An extra header such as "Auto-Submitted: auto-replied". Throws
		/// Poco::InvalidArgumentException for a name that is not a field
		/// name or one the builder writes itself.

	std::string build();
		/// The whole message, CRLF line ends, no line longer than 998 octets.
		/// Throws Poco::InvalidArgumentException without From or recipients.

	const std::string& messageId() const { return _messageId; }
		/// The Message-ID of the last build(), without <>.

	std::vector<std::string> envelopeRecipients() const;
		/// To, Cc and Bcc addresses, for RCPT TO.

	static std::string formatDate(const Poco::Timestamp& when, int zoneOffsetMinutes);
		/// "Tue, 14 Mar 2023 09:12:45 +0100".

private:
	std::string bodyPart(const std::string& type, const std::string& content) const;
	std::string attachmentPart(const OutgoingAttachment& a) const;
	static std::string newBoundary();

	std::string _domain;
	Address _from;
	std::vector<Address> _to, _cc, _bcc, _replyTo;
	std::string _subject, _text, _html;
	std::vector<OutgoingAttachment> _attachments;
	std::string _inReplyTo;
	std::vector<std::string> _references;
	bool _hasDate = false;
	Poco::Timestamp _date;
	int _zone = 0;
	std::vector<std::pair<std::string, std::string>> _extra;
	std::string _messageId;
};

} } // namespace mailbridge::mime

#endif
