#include "connector/imap/SpecialUse.h"

namespace mailbridge {
namespace imap {

const char* attributeOf(SpecialUse role)
{
	switch (role)
	{
	case SpecialUse::Sent: return "\\Sent";
	case SpecialUse::Trash: return "\\Trash";
	case SpecialUse::All: return "\\All";
	case SpecialUse::Junk: return "\\Junk";
	case SpecialUse::Drafts: return "\\Drafts";
	case SpecialUse::Archive: return "\\Archive";
	case SpecialUse::Flagged: return "\\Flagged";
	}
	return "";
}

std::map<SpecialUse, ListEntry> findSpecialUse(const std::vector<ListEntry>& entries)
{
	static const SpecialUse roles[] = {SpecialUse::Sent, SpecialUse::Trash, SpecialUse::All, SpecialUse::Junk,
		SpecialUse::Drafts, SpecialUse::Archive, SpecialUse::Flagged};
	std::map<SpecialUse, ListEntry> found;
	for (const ListEntry& entry: entries)
	{
		if (entry.has("\\Noselect") || entry.has("\\NonExistent")) continue;
		for (SpecialUse role: roles)
		{
			if (entry.has(attributeOf(role)) && found.count(role) == 0) found[role] = entry;
		}
	}
	return found;
}

} } // namespace mailbridge::imap
