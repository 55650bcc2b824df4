//
// MessageIdentity.h
//
// What tells a message apart without its body: compared between the ledger
// and the server when UIDs can no longer be trusted.
//

#ifndef MB_Sync_MessageIdentity_INCLUDED
#define MB_Sync_MessageIdentity_INCLUDED

#include <Poco/Timestamp.h>

#include <cstdint>
#include <string>

namespace mailbridge {
namespace sync {

struct MessageIdentity
{
	std::uint32_t uid = 0;
	std::string messageId;  ///< without angle brackets; may be empty
	std::uint64_t size = 0;
	Poco::Timestamp internalDate;

	std::string matchKey() const
		/// Message-ID and size; the internal date stands in for a missing
		/// Message-ID (isync compares the same fields when it recovers).
	{
		return (messageId.empty() ? "@" + std::to_string(internalDate.epochTime()) : messageId) + "/" + std::to_string(size);
	}
};

} } // namespace mailbridge::sync

#endif
