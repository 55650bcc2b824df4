//
// OutboxItem.h
//
// One queued outbound message and where it stands. The states are stored in
// mb_outbox.state; every move between them is one conditional update, so a
// crash leaves the row in the last state that was committed:
//
//   queued -> claimed -> sending -> accepted -> filed -> logged
//   sending -> failed (5xx, every recipient refused; with the reply)
//   sending -> retry  (4xx, network; next_attempt_at by backoff) -> claimed
//

#ifndef MB_Sync_OutboxItem_INCLUDED
#define MB_Sync_OutboxItem_INCLUDED

#include <Poco/Timestamp.h>
#include <cstdint>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

enum class OutboxState
{
	Queued,
	Claimed,   ///< this worker owns the row; nothing sent yet
	Sending,   ///< the Message-ID is stored; DATA may have reached the server
	Accepted,  ///< the server took the message for at least one recipient
	Filed,     ///< the copy is in the Sent folder (or the provider's copy was found)
	Logged,    ///< the outbound activity is written: done
	Failed,    ///< permanent: last_error holds the server's reply
	Retry      ///< temporary: claimed again at next_attempt_at
};

const char* toString(OutboxState state);
	/// "queued", "claimed", ... as stored in mb_outbox.state.

bool parseOutboxState(const std::string& text, OutboxState& state);
	/// False for a name this version does not know: such a row is left alone.

bool isFinal(OutboxState state);
	/// Logged or Failed.

struct OutboxRecipient
{
	enum Kind { To, Cc, Bcc };
	enum State { Pending, Accepted, Refused, Deferred };

	std::string address;
	Kind kind = To;
	State state = Pending;
	std::string reply;   ///< the server's reply to RCPT TO
};

const char* toString(OutboxRecipient::State state);
	/// "pending", "accepted", "refused", "deferred" (mb_outbox_recipient.state).

struct OutboxItem
{
	std::int64_t id = 0;
	std::string mailbox;        ///< send as / file into
	std::string from;           ///< envelope sender
	std::vector<OutboxRecipient> recipients;
	OutboxState state = OutboxState::Queued;
	std::string messageId;      ///< "<...>", stored before DATA and kept across retries
	int attempts = 0;           ///< send attempts that ended in a temporary failure or a crash
	Poco::Timestamp createdAt;
	Poco::Timestamp sendAt;
	Poco::Timestamp nextAttemptAt;
	Poco::Timestamp sentAt;     ///< when the server accepted it; the Sent copy's date
	std::string claimedBy;
	Poco::Timestamp claimedAt;
	std::string lastError;
	std::uint32_t filedUid = 0; ///< the Sent copy's UID (APPENDUID or found), 0 when unknown
};

} } // namespace mailbridge::sync

#endif
