//
// MessageParsing.h
//
// The MIME parser seen through what the inbound engine needs: the parsed
// message's identifiers, addresses and classification as a ParsedMessage,
// with the whole parsed message kept for the activity writer.
//

#ifndef MB_Service_MessageParsing_INCLUDED
#define MB_Service_MessageParsing_INCLUDED

#include "connector/sync/ParsedMessage.h"

#include <Poco/Timestamp.h>

#include <string>

namespace mailbridge {
namespace service {

sync::ParsedMessage parseMessageForSync(const std::string& raw, const Poco::Timestamp& internalDate);
	/// Never throws on bad input: a malformed message still yields what
	/// could be read (the parser lists its problems).

} } // namespace mailbridge::service

#endif
