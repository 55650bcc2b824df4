//
// FolderRescan.h
//
// Visits a folder's messages in a date range again, after a mapping or
// policy change, newest first. The ledger and the one-activity-per-person
// rule keep it free of duplicates; it never moves the folder's cursor, so
// it can run beside the live sync.
//

#ifndef MB_Sync_FolderRescan_INCLUDED
#define MB_Sync_FolderRescan_INCLUDED

#include "connector/sync/MailboxClient.h"
#include "connector/sync/MessageProcessor.h"
#include "connector/sync/SyncStore.h"

#include <Poco/Timestamp.h>

#include <functional>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

struct RescanScope
	/// Which messages a rescan visits: received in [since, before), and,
	/// when addresses are given, only those with one of them on it.
{
	Poco::Timestamp since;
	Poco::Timestamp before;
	std::vector<std::string> addresses;
};

struct RescanReport
{
	std::size_t found = 0;     ///< messages in the range
	std::size_t fetched = 0;
	std::size_t logged = 0;    ///< records with Outcome::Logged (new or already written)
	std::size_t errors = 0;
	std::size_t missing = 0;   ///< expunged or without a body when fetched: skipped
};

class FolderRescan
{
public:
	using Progress = std::function<void(const std::string& folder, std::size_t done, std::size_t total)>;

	FolderRescan(MailboxClient& client, SyncStore& store, MessageProcessor& processor, std::size_t batchMessages);

	RescanReport run(const FolderKey& key, FolderRole role, const RescanScope& scope, const Progress& progress = Progress());
		/// Opens the folder, finds the messages in scope and processes them
		/// in batches, each committed on its own. Throws
		/// MailboxError when the folder is gone, TransientError on network or
		/// database trouble (what was committed stays; running it again is safe).

private:
	MailboxClient& _client;
	SyncStore& _store;
	MessageProcessor& _processor;
	std::size_t _batch;
};

} } // namespace mailbridge::sync

#endif
