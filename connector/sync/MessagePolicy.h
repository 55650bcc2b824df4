//
// MessagePolicy.h
//
// Decides, from a message's addresses and classification alone, its
// direction and kind, whether policy rules it out before any lookup, which
// addresses to look up, and, once the people are known, the outcome.
// Pure: no MIME, no database.
//

#ifndef MB_Sync_MessagePolicy_INCLUDED
#define MB_Sync_MessagePolicy_INCLUDED

#include "connector/sync/MailboxClient.h"
#include "connector/sync/MessageRecord.h"
#include "connector/sync/Policy.h"

#include <set>
#include <string>
#include <vector>

namespace mailbridge {
namespace sync {

struct MessageFacts
	/// Addresses normalized to their comparison key (lowercase).
{
	std::string from;
	std::vector<std::string> to;
	std::vector<std::string> cc;
	std::vector<std::string> bcc;
	bool bulk = false;
	bool autoReply = false;
	bool bounce = false;
	std::vector<std::string> failedRecipients;  ///< from a delivery status notification
};

struct PolicyDecision
{
	Direction direction = Direction::In;
	MessageKind kind = MessageKind::Normal;
	bool decided = false;        ///< true: no lookup needed, outcome below is final
	Outcome outcome = Outcome::NoPerson;
	std::string detail;
	std::vector<std::string> lookup;  ///< addresses to match to people
	std::string sender;               ///< From, for an unknown sender's person
};

class MessagePolicy
{
public:
	MessagePolicy(const Policy& policy, const std::string& mailbox, const std::vector<std::string>& aliases, bool headerOnlyMailbox);

	const Policy& policy() const { return _policy; }

	PolicyDecision decide(const MessageFacts& facts, FolderRole role) const;

	Outcome settle(const PolicyDecision& decision, std::vector<PersonRef>& people, bool& headerOnly, std::string& detail) const;
		/// With the people the lookup found: drops those marked do-not-log,
		/// and returns Logged, Excluded (internal mail, everyone opted out),
		/// Staged (unknown sender, staging on) or NoPerson. With
		/// unknown_sender = create, an inbound normal message from an
		/// external sender with nobody known on it is Logged for a person
		/// to be created (PersonRef::create) from its sender.

	bool isOwn(const std::string& address) const;

private:
	static std::string domainOf(const std::string& address);
	bool excluded(const std::string& address) const;
	bool internal(const std::string& address) const;

	Policy _policy;
	std::set<std::string> _own;
	bool _headerOnlyMailbox;
};

} } // namespace mailbridge::sync

#endif
