//
// MessageRecord.h
//
// What the engine decided about one fetched message: where it sits on the
// server (the ledger's key), what it is, and whom an activity is written for.
// A batch of records and the folder cursor are committed together.
//

#ifndef MB_Sync_MessageRecord_INCLUDED
#define MB_Sync_MessageRecord_INCLUDED

#include <Poco/Timestamp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mailbridge {
namespace mime { struct Message; }
namespace sync {

enum class Direction { In, Out };

enum class MessageKind
{
	Normal,
	Bulk,       ///< List-Id, Precedence: bulk and the like
	AutoReply,  ///< RFC 3834 and out-of-office replies
	Bounce      ///< a delivery status notification
};

enum class Outcome
{
	Logged,        ///< activities written (or found already written) for the people below
	NoPerson,      ///< no known person on it; nothing written
	Excluded,      ///< an excluded address or domain, or internal mail
	Filtered,      ///< bulk or auto-reply, skipped by policy
	Staged,        ///< unknown sender staged for review
	Error          ///< could not be read or parsed; recorded, never retried
};

const char* toString(Direction direction);
const char* toString(MessageKind kind);
const char* toString(Outcome outcome);

struct PersonRef
	/// A person the mapping's lookup matched.
{
	std::string table;    ///< the people table's name in the mapping
	std::string kind;     ///< the table's kind label (e.g. "C")
	std::string key;      ///< the person's key, as text
	std::string address;  ///< the address that matched (normalized)
	std::string ownerKey; ///< the recruiter who owns the record, when mapped
	bool doNotLog = false;
	bool create = false;  ///< unknown sender, unknown_sender = create: the store inserts the person (key empty until then)

	bool operator==(const PersonRef& other) const { return table == other.table && key == other.key; }
};

struct MessageRecord
{
	std::uint32_t uid = 0;
	Poco::Timestamp internalDate;
	std::uint64_t size = 0;
	std::string messageId;    ///< without angle brackets; may be empty
	std::string contentHash;  ///< SHA-256 of the raw message, hex
	Direction direction = Direction::In;
	MessageKind kind = MessageKind::Normal;
	Outcome outcome = Outcome::NoPerson;
	std::string detail;       ///< why, for NoPerson/Excluded/Filtered/Error
	bool headerOnly = false;  ///< write the activity without the body
	std::vector<PersonRef> people;
	std::string senderAddress;  ///< From, normalized: staged when no person matched
	std::string senderName;
	std::string subject;
	Poco::Timestamp date;       ///< the Date header, else the internal date
	std::string subjectKey;     ///< SHA-256 of SubjectKey::normalize(subject); "" when nothing is left of it
	int subjectThreadingDays = 0;
		/// More than 0: when In-Reply-To and References find no parent, the
		/// latest earlier activity of the same person with this subjectKey,
		/// at most this many days older, is the parent (subject_threading,
		/// and the subject has a reply or forward prefix).
	std::vector<std::string> parentIds;
		/// Message-IDs this one answers, nearest first (In-Reply-To, then
		/// References from the end): the first with an activity is the parent.
	std::shared_ptr<const mime::Message> message;  ///< null for Error
	std::shared_ptr<const std::string> raw;        ///< the raw bytes, for attachments

	std::string identity() const
		/// What makes two copies the same message: the Message-ID when there
		/// is one, else the content hash.
	{
		return messageId.empty() ? "sha256:" + contentHash : "<" + messageId + ">";
	}
};

} } // namespace mailbridge::sync

#endif
