//
// OutboxProcessor.h
//
// Drives a mailbox's outbox items through send, file and log, one committed
// state at a time, so that each step happens once across crashes. An item
// found in `sending` (a crash, or a retry) is not resent before the Sent
// folder and the ledger have been searched for its Message-ID.
//
// The window that can still send twice: the server took the message (its
// reply to the end of DATA was sent, or the connection broke after the final
// dot) and the process died before `accepted` was committed, with no copy in
// Sent yet. SMTP offers no way to ask the server what it took, so the only
// alternative would be never resending an unproven item (losing mail
// instead). Where the provider files sent mail itself, its copy closes it.
//

#ifndef MB_Sync_OutboxProcessor_INCLUDED
#define MB_Sync_OutboxProcessor_INCLUDED

#include "connector/sync/ActivityLogger.h"
#include "connector/sync/OutboxComposer.h"
#include "connector/sync/OutboxItem.h"
#include "connector/sync/OutboxSender.h"
#include "connector/sync/OutboxStore.h"
#include "connector/sync/SentFiler.h"

#include <Poco/Timespan.h>
#include <functional>
#include <string>

namespace mailbridge {
namespace sync {

struct OutboxOptions
{
	std::string mailbox;
	std::string worker;                                   ///< unique per process: host and pid
	Poco::Timespan lease = Poco::Timespan(600, 0);        ///< a claim older than this belongs to a dead worker
	Poco::Timespan firstRetry = Poco::Timespan(60, 0);
	Poco::Timespan maxRetry = Poco::Timespan(3600, 0);
	Poco::Timespan maxAge = Poco::Timespan(2 * 86400, 0); ///< past this since created_at a temporary failure is final
	Poco::Timespan providerCopyWait = Poco::Timespan(900, 0); ///< then logged without a link to a Sent copy
	std::size_t batch = 20;
	std::function<std::string(const OutboxItem&)> newMessageId; ///< empty: "<uuid@sender's domain>"
};

class OutboxProcessor
{
public:
	OutboxProcessor(OutboxStore& store, OutboxComposer& composer, OutboxSender& sender,
		SentFiler& filer, ActivityLogger& logger, OutboxOptions options);

	std::size_t runOnce(Poco::Timestamp now);
		/// Claims the due items and drives each as far as it goes. Returns how
		/// many were claimed. A TransientError on one item (IMAP or database
		/// down) leaves it claimed until the lease runs out and goes on with
		/// the next. Throws MailboxError (after putting the item in retry):
		/// stop this mailbox.

	void process(OutboxItem& item, Poco::Timestamp now);
		/// Drives one claimed item until it is logged, failed, in retry, or
		/// waiting for the provider's copy in Sent (at most providerCopyWait
		/// after sentAt; then it goes on to be logged with filedUid 0, since
		/// appending a copy could make two). Throws what the
		/// interfaces throw, except the sender's TransientError and
		/// MessageError, which become retry and failed.

	Poco::Timespan retryDelay(int attempts) const;
		/// firstRetry doubled per earlier attempt, at most maxRetry.

private:
	bool move(OutboxItem& item, OutboxItem next);
	void send(OutboxItem& item, Poco::Timestamp now);
	void retryOrFail(OutboxItem& item, const std::string& error, Poco::Timestamp now);
	std::string newMessageId(const OutboxItem& item) const;

	OutboxStore& _store;
	OutboxComposer& _composer;
	OutboxSender& _sender;
	SentFiler& _filer;
	ActivityLogger& _logger;
	OutboxOptions _options;
};

} } // namespace mailbridge::sync

#endif
