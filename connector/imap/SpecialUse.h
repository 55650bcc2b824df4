//
// SpecialUse.h
//
// Finds the mailboxes that play a role (Sent, Trash, All Mail...) from LIST
// replies, by their RFC 6154 attributes, whatever their names or language.
// Works the same on LIST (SPECIAL-USE) and on plain LIST "" "*" replies that
// carry the attributes anyway.
//

#ifndef MB_Imap_SpecialUse_INCLUDED
#define MB_Imap_SpecialUse_INCLUDED

#include "connector/imap/protocol/Response.h"

#include <map>
#include <string>
#include <vector>

namespace mailbridge {
namespace imap {

enum class SpecialUse { Sent, Trash, All, Junk, Drafts, Archive, Flagged };

const char* attributeOf(SpecialUse role);
	/// "\\Sent", "\\Trash", ...

std::map<SpecialUse, ListEntry> findSpecialUse(const std::vector<ListEntry>& entries);
	/// The first selectable mailbox carrying each role's attribute. Roles with
	/// no such mailbox are absent; \Noselect and \NonExistent entries are skipped.

} } // namespace mailbridge::imap

#endif
