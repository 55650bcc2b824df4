//
// MailboxSync.h
//
// One mailbox: its folders planned once per connection, each synced in turn
// by a FolderSync, INBOX first so new mail is never queued behind a backfill.
//

#ifndef MB_Sync_MailboxSync_INCLUDED
#define MB_Sync_MailboxSync_INCLUDED

#include "connector/sync/FolderPlan.h"
#include "connector/sync/FolderRescan.h"
#include "connector/sync/FolderSync.h"

#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

struct MailboxReport
{
	std::map<std::string, FolderSyncReport> folders;
	std::size_t fetched = 0;
	std::size_t logged = 0;
	std::size_t errors = 0;
	bool pending = false;  ///< a folder has backfill left or a body to retry
	bool stopped = false;  ///< FolderSyncOptions::shouldStop ended the pass
};

class MailboxSync
{
public:
	MailboxSync(MailboxClient& client, SyncStore& store, MessageProcessor& processor,
		const std::string& mailbox, const FolderSelection& selection, const FolderSyncOptions& options);

	const std::vector<PlannedFolder>& plan();
		/// The folders to sync (listed once, then kept for this connection).
		/// Throws MailboxError when a configured folder is missing.

	MailboxReport syncAll();
		/// One pass over every planned folder, ended early (between batches
		/// or folders) when FolderSyncOptions::shouldStop says so. A folder
		/// whose sync throws MessageError is reported and skipped for this
		/// pass; TransientError and MailboxError end the pass (the service
		/// reconnects or stops the mailbox).

	RescanReport rescan(const RescanScope& scope, const FolderRescan::Progress& progress);
		/// Visits every planned folder's messages in scope again (see
		/// FolderRescan), INBOX first. Throws what a folder throws.

	bool waitForInbox(Poco::Timespan timeout);
		/// Opens INBOX (if another folder is open) and waits for a change there.

	bool beginInboxWait();
		/// Opens INBOX (if another folder is open) and begins a held wait
		/// there (MailboxClient::beginWait). True when a change is already
		/// known: mail that came while other folders were synced, or what
		/// beginWait reports. The wait is ended through the client
		/// (endWait() is harmless when none was begun).

private:
	bool openInbox();

	MailboxClient& _client;
	SyncStore& _store;
	MessageProcessor& _processor;
	std::string _mailbox;
	FolderSelection _selection;
	FolderSync _folderSync;
	std::size_t _batchMessages;
	std::function<bool()> _shouldStop;
	std::vector<PlannedFolder> _plan;
	bool _planned = false;
	bool _inboxOpen = false;
};

} } // namespace mailbridge::sync

#endif
