//
// MessageProcessor.h
//
// Turns one fetched message into a MessageRecord: parse, classify, match,
// apply the policies. FolderSync knows nothing of MIME or people; it hands
// every fetched message to a processor.
//

#ifndef MB_Sync_MessageProcessor_INCLUDED
#define MB_Sync_MessageProcessor_INCLUDED

#include "connector/sync/MailboxClient.h"
#include "connector/sync/MessageRecord.h"
#include "connector/sync/ParsedMessage.h"
#include "connector/sync/SyncStore.h"

#include <vector>

namespace mailbridge {
namespace sync {

struct FolderContext
{
	FolderKey key;
	FolderRole role = FolderRole::Other;
	std::uint32_t uidValidity = 0;
};

struct PreparedMessage
	/// What a processor works out from a message's bytes alone.
{
	std::string contentHash;
	ParsedMessage parsed;
	std::string error;  ///< why the parser threw, when it did
};

class MessageProcessor
{
public:
	virtual ~MessageProcessor() = default;

	virtual void prepare(FetchedMessage& message) const { (void) message; }
		/// The work on one message that needs neither the database nor the
		/// folder (parsing, hashing), into message.prepared. FolderSync calls
		/// it on the thread that fetches the next batch, while this one
		/// commits, so it must be safe beside process(). A message's own
		/// fault goes into message.prepared, never out as an exception.

	virtual std::vector<MessageRecord> process(const FolderContext& folder, std::vector<FetchedMessage>& batch) = 0;
		/// One record per message, in the same order. A message that cannot
		/// be read becomes a record with Outcome::Error rather than an
		/// exception, so one bad message never blocks its folder. Throws
		/// TransientError when a lookup it needs (the database) is unreachable.
};

} } // namespace mailbridge::sync

#endif
