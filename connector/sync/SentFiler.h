//
// SentFiler.h
//
// The mailbox's Sent folder, as the outbound state machine sees it.
//

#ifndef MB_Sync_SentFiler_INCLUDED
#define MB_Sync_SentFiler_INCLUDED

#include <Poco/Timestamp.h>
#include <cstdint>
#include <string>

namespace mailbridge {
namespace sync {

class SentFiler
{
public:
	virtual ~SentFiler() = default;

	virtual bool filesSentItself() const = 0;
		/// The provider puts a copy of what it sends into Sent (Gmail,
		/// Microsoft 365): then mailbridge never appends one.

	virtual std::uint32_t find(const std::string& messageId) = 0;
		/// The UID of a message in Sent with this Message-ID, 0 when none.
		/// Throws TransientError, MailboxError.

	virtual std::uint32_t file(const std::string& message, Poco::Timestamp date) = 0;
		/// APPENDs message to Sent with \Seen and date; returns the new UID
		/// (APPENDUID), or 0 when the server does not say it.
		/// Throws TransientError, MailboxError.
};

} } // namespace mailbridge::sync

#endif
