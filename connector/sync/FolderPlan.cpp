#include "connector/sync/FolderPlan.h"

#include "connector/common/Errors.h"

#include <Poco/String.h>

#include <algorithm>

namespace mailbridge {
namespace sync {

namespace {

const FolderEntry* find(const std::vector<FolderEntry>& listed, const std::string& name)
{
	for (const FolderEntry& entry: listed)
	{
		// INBOX is case-insensitive (RFC 3501 5.1); other names are not.
		bool same = Poco::icompare(name, "INBOX") == 0 ? Poco::icompare(entry.name, "INBOX") == 0 : entry.name == name;
		if (same) return &entry;
	}
	return nullptr;
}

bool namedLikeSkipped(const std::string& name)
	/// The names clients give Trash, Junk, Drafts and All Mail, any case, also
	/// under a namespace prefix (INBOX.Trash, [Gmail]/Spam): all a server
	/// without SPECIAL-USE gives to go by, and a filter rule's own "Spam".
{
	static const char* const NAMES[] = {
		"Trash", "Deleted", "Deleted Items", "Deleted Messages", "Bin",
		"Junk", "Junk E-mail", "Junk Email", "Junk Mail", "Spam", "Bulk Mail",
		"Drafts", "Draft", "All Mail",
	};
	const std::string::size_type cut = name.find_last_of("./");
	const std::string leaf = cut == std::string::npos ? name : name.substr(cut + 1);
	for (const char* skipped: NAMES)
		if (Poco::icompare(leaf, skipped) == 0) return true;
	return false;
}

const FolderEntry* require(const std::vector<FolderEntry>& listed, const std::string& name)
{
	const FolderEntry* entry = find(listed, name);
	if (!entry) throw MailboxError("configured folder does not exist on the server", name);
	if (!entry->selectable) throw MailboxError("configured folder cannot be selected (\\Noselect)", name);
	return entry;
}

} // namespace

std::vector<PlannedFolder> planFolders(const std::vector<FolderEntry>& listed, const FolderSelection& selection)
{
	std::vector<PlannedFolder> plan;
	auto add = [&](const std::string& name, FolderRole role) {
		for (const PlannedFolder& p: plan)
			if (p.name == name) return;
		plan.push_back(PlannedFolder{name, role});
	};

	add(require(listed, selection.inbox.empty() ? "INBOX" : selection.inbox)->name, FolderRole::Inbox);

	if (!selection.sent.empty())
	{
		add(require(listed, selection.sent)->name, FolderRole::Sent);
	}
	else
	{
		auto it = std::find_if(listed.begin(), listed.end(),
			[](const FolderEntry& e) { return e.role == FolderRole::Sent && e.selectable; });
		// A mailbox without a Sent folder is fine: it just has no outbound copies.
		if (it != listed.end()) add(it->name, FolderRole::Sent);
	}

	for (const std::string& name: selection.extra)
	{
		const FolderEntry* entry = require(listed, name);
		add(entry->name, entry->role == FolderRole::Sent ? FolderRole::Sent : FolderRole::Other);
	}

	if (selection.allFolders)
	{
		// The marks where the server gives them, and the names too: a folder
		// a spam filter rule fills is often not marked.
		for (const FolderEntry& entry: listed)
		{
			if (!entry.selectable) continue;
			if (entry.role == FolderRole::Trash || entry.role == FolderRole::Junk ||
				entry.role == FolderRole::Drafts || entry.role == FolderRole::All) continue;
			if (namedLikeSkipped(entry.name)) continue;
			add(entry.name, entry.role == FolderRole::Sent ? FolderRole::Sent : FolderRole::Other);
		}
	}
	return plan;
}

} } // namespace mailbridge::sync
