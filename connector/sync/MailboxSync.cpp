#include "connector/sync/MailboxSync.h"

#include "connector/common/Errors.h"

namespace mailbridge {
namespace sync {

MailboxSync::MailboxSync(MailboxClient& client, SyncStore& store, MessageProcessor& processor,
	const std::string& mailbox, const FolderSelection& selection, const FolderSyncOptions& options):
	_client(client),
	_store(store),
	_processor(processor),
	_mailbox(mailbox),
	_selection(selection),
	_folderSync(client, store, processor, options),
	_batchMessages(options.batchMessages),
	_shouldStop(options.shouldStop)
{
}

const std::vector<PlannedFolder>& MailboxSync::plan()
{
	if (!_planned)
	{
		_plan = planFolders(_client.folders(), _selection);
		_planned = true;
	}
	return _plan;
}

MailboxReport MailboxSync::syncAll()
{
	MailboxReport report;
	for (const PlannedFolder& folder: plan())
	{
		if (_shouldStop && _shouldStop())
		{
			report.stopped = true;
			report.pending = true;
			break;
		}
		FolderSyncReport r = _folderSync.syncOnce(FolderKey{_mailbox, folder.name}, folder.role);
		report.fetched += r.fetched;
		report.logged += r.logged;
		report.errors += r.errors;
		report.pending = report.pending || r.backfillPending || r.retryLater || r.stopped;
		report.stopped = report.stopped || r.stopped;
		report.folders[folder.name] = r;
		if (r.stopped) break;
	}
	// The last folder synced is the one left open; INBOX is first in the plan.
	// (After a stop, which one is not worth knowing: the next wait reopens.)
	_inboxOpen = !report.stopped && plan().size() == 1;
	return report;
}

RescanReport MailboxSync::rescan(const RescanScope& scope, const FolderRescan::Progress& progress)
{
	RescanReport total;
	FolderRescan rescan(_client, _store, _processor, _batchMessages);
	for (const PlannedFolder& folder: plan())
	{
		RescanReport r = rescan.run(FolderKey{_mailbox, folder.name}, folder.role, scope, progress);
		total.found += r.found;
		total.fetched += r.fetched;
		total.logged += r.logged;
		total.errors += r.errors;
		total.missing += r.missing;
	}
	_inboxOpen = plan().size() == 1;
	return total;
}

bool MailboxSync::openInbox()
{
	if (_inboxOpen) return false;
	const std::string& inbox = plan().front().name;
	FolderCursor cursor = _store.loadCursor(FolderKey{_mailbox, inbox});
	FolderSnapshot snap = _client.open(inbox, 0, 0);
	_inboxOpen = true;
	// Mail that came in while other folders were synced must not wait for IDLE.
	return cursor.synced() && (snap.uidValidity != cursor.uidValidity || (snap.uidNext != 0 && snap.uidNext > cursor.lastUid + 1));
}

bool MailboxSync::waitForInbox(Poco::Timespan timeout)
{
	if (openInbox()) return true;
	return _client.waitForChange(timeout);
}

bool MailboxSync::beginInboxWait()
{
	if (openInbox()) return true; // no need to begin: the caller syncs
	return _client.beginWait();
}

} } // namespace mailbridge::sync
