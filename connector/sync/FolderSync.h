//
// FolderSync.h
//
// The state machine of one folder: first a backfill of the configured window,
// newest first, then incremental sync above the cursor; UIDVALIDITY changes
// and UIDNEXT going backwards reconciled through the ledger; expunges noted.
// It never moves the cursor past a UID that was not received and committed.
//

#ifndef MB_Sync_FolderSync_INCLUDED
#define MB_Sync_FolderSync_INCLUDED

#include "connector/sync/MailboxClient.h"
#include "connector/sync/MessageProcessor.h"
#include "connector/sync/SyncStore.h"

#include <Poco/Timestamp.h>

#include <cstddef>
#include <functional>
#include <map>
#include <unordered_map>
#include <string>

namespace mailbridge {
namespace sync {

struct FolderSyncOptions
{
	Poco::Timestamp windowStart = 0;       ///< the backfill reaches back to here
	std::size_t batchMessages = 500;       ///< messages per fetch and per commit
	std::size_t maxBackfillBatches = 0;    ///< per pass; 0: no limit
	int missingRetries = 3;                ///< passes a body may be missing before it is recorded as an error
	double reconcileThreshold = 0.8;
		///< a UIDVALIDITY change with fewer than this share of the comparable
		///< ledger rows matched (and fewer than reconcileConfirmed) is reported
		///< as a new folder (isync: 80%)
	std::size_t reconcileConfirmed = 20;   ///< this many matches confirm the same folder whatever the share (isync: 20)
	bool fetchAhead = false;
		///< fetch the next batch on a second thread while this one is processed
		///< and committed (the client is never used by both at once)
	std::function<bool()> shouldStop;
		///< asked before every batch (and every folder): true ends the pass
		///< there, after the last batch committed with its cursor; a later
		///< pass resumes from it. Empty: never stop. Called from the syncing
		///< thread, so it reads what another thread sets (an atomic flag).
};

struct FolderSyncReport
{
	std::size_t fetched = 0;
	std::size_t logged = 0;        ///< records with Outcome::Logged
	std::size_t errors = 0;        ///< records with Outcome::Error
	std::size_t expunged = 0;
	std::size_t batches = 0;
	bool reconciled = false;       ///< a UIDVALIDITY change (or UIDNEXT going back) was handled
	std::uint32_t uidValidityWas = 0; ///< when reconciled: the UIDVALIDITY of the ledger's rows
	std::uint32_t uidValidityNow = 0; ///< when reconciled: the server's (the same when UIDNEXT went back)
	std::size_t ledgerRows = 0;    ///< when reconciled: the ledger rows compared
	std::size_t rekeyed = 0;       ///< ledger rows matched to their new UIDs
	std::size_t ledgerGone = 0;    ///< ledger rows not found on the server, marked gone
	bool looksLikeNewFolder = false; ///< too few matched: the folder's content changed
	bool backfillPending = false;  ///< more of the window is left for the next pass
	bool retryLater = false;       ///< a body was missing; the cursor stopped before it
	bool stopped = false;          ///< shouldStop ended the pass; work may be left
};

class FolderSync
{
public:
	FolderSync(MailboxClient& client, SyncStore& store, MessageProcessor& processor, const FolderSyncOptions& options);

	FolderSyncReport syncOnce(const FolderKey& key, FolderRole role);
		/// One pass: opens the folder, reconciles, fetches what is new (oldest
		/// first), then continues the backfill (newest first). Every batch is
		/// committed with its cursor. Throws what the client or the store
		/// throws (TransientError, MailboxError); what was committed stays.

private:
	void reconcile(const FolderKey& key, const FolderSnapshot& snap, FolderCursor& cursor, FolderSyncReport& report);
	bool runBatches(const FolderContext& ctx, std::vector<std::uint32_t> uids, bool descending,
		FolderCursor& cursor, FolderSyncReport& report);
	bool stillThere(std::uint32_t uid);
	bool stopRequested() const;
	std::unordered_map<std::uint32_t, FetchedMessage> fetchChunk(const std::vector<std::uint32_t>& chunk);
	void commitRefusing(const FolderContext& ctx, std::vector<MessageRecord>& records, const FolderCursor& cursor);

	MailboxClient& _client;
	SyncStore& _store;
	MessageProcessor& _processor;
	FolderSyncOptions _options;
	std::map<std::pair<std::string, std::uint32_t>, int> _missingSeen;
		/// (folder, uid) -> passes its body was missing; kept in memory only:
		/// after a restart a missing body simply gets its retries again.
};

} } // namespace mailbridge::sync

#endif
