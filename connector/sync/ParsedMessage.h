//
// ParsedMessage.h
//
// What the inbound processor needs from a parsed message, independent of
// the MIME parser that produced it: the engine's tests build these by hand.
//

#ifndef MB_Sync_ParsedMessage_INCLUDED
#define MB_Sync_ParsedMessage_INCLUDED

#include <Poco/Timestamp.h>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace mime { struct Message; }
namespace sync {

struct ParsedAddress
{
	std::string name;
	std::string address;  ///< as written, domain lowercased
	std::string key;      ///< comparison key: trimmed, lowercased
};

struct ParsedMessage
{
	std::string messageId;                ///< without angle brackets
	std::vector<std::string> parentIds;   ///< In-Reply-To, then References newest first
	ParsedAddress from;
	std::vector<ParsedAddress> to, cc, bcc;
	std::string subject;
	Poco::Timestamp date;
	bool bulk = false;
	bool autoReply = false;
	bool deliveryReport = false;
	std::vector<std::string> failedRecipients;  ///< comparison keys, from a DSN
	std::shared_ptr<const mime::Message> full;  ///< the parser's whole message, for the activity writer
};

} } // namespace mailbridge::sync

#endif
