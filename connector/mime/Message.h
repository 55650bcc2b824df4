//
// Message.h
//
// The normalized record the MIME parser produces from raw RFC 5322 bytes:
// decoded headers, body text, attachment locations and classification.
//

#ifndef MB_Mime_Message_INCLUDED
#define MB_Mime_Message_INCLUDED

#include <Poco/Timestamp.h>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mailbridge {
namespace mime {

struct Address
{
	std::string name;     ///< decoded UTF-8 display name, may be empty
	std::string address;  ///< trimmed, domain lowercased, IDN kept as UTF-8, local part as written

	std::string key() const;
		/// The whole address lowercased, for comparisons.
};

struct Attachment
{
	std::string fileName;      ///< decoded UTF-8; "<subject>.eml" for an attached message
	std::string contentType;   ///< lowercased "type/subtype"
	std::string contentId;     ///< without angle brackets
	bool inlinePart = false;   ///< Content-Disposition inline or part of multipart/related
	std::uint64_t size = 0;    ///< decoded size in bytes

	// Where the encoded body of the part lies in the raw message, so that
	// streamAttachment() can decode it without a second copy of the message.
	std::uint64_t offset = 0;
	std::uint64_t length = 0;
	std::string transferEncoding;  ///< lowercased: base64, quoted-printable, 7bit, 8bit, binary
	int depth = 0;                 ///< 0 for the message itself, +1 in each attached message
};

struct DeliveryFailure
{
	std::string recipient;   ///< Final-Recipient (or Original-Recipient) address
	std::string status;      ///< e.g. "5.1.1"
	std::string diagnostic;  ///< Diagnostic-Code without its type, e.g. "550 5.1.1 no such user"
};

struct Message
{
	std::string messageId;                 ///< without <>
	std::string inReplyTo;                 ///< without <>
	std::vector<std::string> references;   ///< without <>, oldest first as written
	std::vector<Address> from, to, cc, bcc, replyTo;
	Address sender;
	std::string returnPath;
	std::string subject;                   ///< decoded UTF-8
	Poco::Timestamp date;
	int zoneOffsetMinutes = 0;
	bool dateFromHeader = false;
	std::string text, html;                ///< UTF-8, LF line ends
	std::string textNew, quoted;           ///< text split: new part vs quoted history and signature
	std::vector<Attachment> attachments;
	bool bulk = false;
	bool autoReply = false;
	bool deliveryReport = false;
	std::vector<DeliveryFailure> failures;
	std::uint64_t size = 0;
	std::vector<std::string> problems;     ///< what was malformed, for logs
};

struct ParseOptions
{
	Poco::Timestamp internalDate;          ///< the IMAP INTERNALDATE, used when Date is missing or junk
	bool hasInternalDate = false;
	std::size_t maxTextBytes = 4 * 1024 * 1024;  ///< text and html are cut at this size
	int maxDepth = 40;                     ///< deeper multipart nesting is listed, not walked
};

} } // namespace mailbridge::mime

#endif
