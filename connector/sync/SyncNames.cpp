// Names of the sync engine's enums, as written to logs and status rows.

#include "connector/sync/MailboxClient.h"
#include "connector/sync/MessageRecord.h"

namespace mailbridge {
namespace sync {

const char* toString(FolderRole role)
{
	switch (role)
	{
	case FolderRole::Inbox: return "inbox";
	case FolderRole::Sent: return "sent";
	case FolderRole::Trash: return "trash";
	case FolderRole::Junk: return "junk";
	case FolderRole::Drafts: return "drafts";
	case FolderRole::All: return "all";
	case FolderRole::Other: return "other";
	}
	return "other";
}

const char* toString(Direction direction)
{
	return direction == Direction::Out ? "out" : "in";
}

const char* toString(MessageKind kind)
{
	switch (kind)
	{
	case MessageKind::Normal: return "normal";
	case MessageKind::Bulk: return "bulk";
	case MessageKind::AutoReply: return "auto-reply";
	case MessageKind::Bounce: return "bounce";
	}
	return "normal";
}

const char* toString(Outcome outcome)
{
	switch (outcome)
	{
	case Outcome::Logged: return "logged";
	case Outcome::NoPerson: return "no-person";
	case Outcome::Excluded: return "excluded";
	case Outcome::Filtered: return "filtered";
	case Outcome::Staged: return "staged";
	case Outcome::Error: return "error";
	}
	return "error";
}

} } // namespace mailbridge::sync
