//
// FolderPlan.h
//
// Which folders of a mailbox are synced, and in which role. INBOX and the
// Sent folder are found through SPECIAL-USE whatever their name or language,
// unless the configuration names them; more folders can be named, or all but
// Trash, Junk, Drafts and All Mail taken (by SPECIAL-USE, or by their common
// names on a server without it).
//

#ifndef MB_Sync_FolderPlan_INCLUDED
#define MB_Sync_FolderPlan_INCLUDED

#include "connector/sync/MailboxClient.h"

#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

struct FolderSelection
{
	std::string inbox;                     ///< empty: the server's INBOX
	std::string sent;                      ///< empty: the folder marked \Sent
	std::vector<std::string> extra;        ///< more folders, by name
	bool allFolders = false;
		///< every selectable folder but Trash/Junk/Drafts/All: marked \Trash,
		///< \Junk, \Drafts, \All, or without SPECIAL-USE named so (Trash,
		///< Junk, Spam, Deleted Items, Drafts..., any case, INBOX.Trash too)
};

struct PlannedFolder
{
	std::string name;
	FolderRole role = FolderRole::Other;
};

std::vector<PlannedFolder> planFolders(const std::vector<FolderEntry>& listed, const FolderSelection& selection);
	/// INBOX first, then Sent, then the others in the server's order.
	/// Throws MailboxError naming the folder when a configured folder does
	/// not exist (a deleted folder stops this mailbox, not the others).

} } // namespace mailbridge::sync

#endif
