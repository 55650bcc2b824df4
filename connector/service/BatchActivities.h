//
// BatchActivities.h
//
// The new activities of one grouped commit: collected message by message,
// then written together. Replies are ordered after the messages they answer
// (ReplyWaves), so each wave goes in through the writer's multi-row insert
// with its parent keys set, rather than an INSERT and an UPDATE per reply.
//

#ifndef MB_Service_BatchActivities_INCLUDED
#define MB_Service_BatchActivities_INCLUDED

#include "connector/service/ReplyWaves.h"
#include "connector/sync/MessageRecord.h"
#include "connector/sync/SyncStore.h"

#include <Poco/Types.h>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mailbridge {
namespace mapping { class OdbcConnection; class ActivityWriter; }
namespace service {

class BatchActivities
{
public:
	struct Links
		/// The store's view of activities already logged and replies waiting.
	{
		std::function<std::string(const std::string& messageKey, const sync::PersonRef&)> find;
			///< the activity logged for this message and person, or ""
		std::function<void(const std::string& parentKey, const sync::PersonRef&, const std::string& childKey)> await;
			///< the reply childKey waits for parentKey's activity (mb_thread_wait)
		std::function<void(const std::string& messageKey, const sync::PersonRef&, const std::string& activityKey)> adopt;
			///< this message's activity is written: the replies waiting for it take it as their parent
		std::function<void(const sync::MessageRecord&, const sync::PersonRef&, const std::string& activityKey)> record;
			///< the mb_message_activity row of a new activity
		std::function<bool(const sync::MessageRecord&, const sync::PersonRef&, std::string& activityKey, Poco::Int64& time)> subject;
			///< the latest earlier activity under the record's subject (OdbcSyncBatch::subjectParent)
	};

	BatchActivities(mapping::OdbcConnection& db, mapping::ActivityWriter& writer, const sync::FolderKey& folder,
		std::uint32_t uidValidity, Links links);

	std::size_t add(const sync::MessageRecord& record, const sync::PersonRef& person);
		/// The slot of this message's activity for this person: the one
		/// already logged, one added before in this batch, or a new one.
		/// The record must outlive write().

	void write();
		/// Writes the new activities, replies after their parents; then the
		/// waits of replies whose parent is not logged yet, the adoption of
		/// replies that waited for these messages, and the message-activity
		/// rows. Throws what the writer throws (StatementError: the caller
		/// rolls back and writes row by row, to name the message).

	const std::string& key(std::size_t slot) const;
		/// The activity key, after write() (at once for one already logged).

	const sync::PersonRef& person(std::size_t slot) const;

private:
	struct Slot
	{
		const sync::MessageRecord* record;
		sync::PersonRef person;
		std::string key;
		bool logged = false;            // written before this batch
		std::string parentKey;          // a parent logged before this batch
		std::size_t parentSlot = ReplyWaves::NONE;
		std::size_t nearest = 0;        // index in parentIds of the parent found
	};

	void resolveParent(std::size_t slot, ReplyWaves& waves);
	void resolveBySubject(std::size_t slot, ReplyWaves& waves);

	mapping::OdbcConnection& _db;
	mapping::ActivityWriter& _writer;
	const sync::FolderKey& _folder;
	std::uint32_t _uidValidity;
	Links _links;
	std::vector<Slot> _slots;
	std::map<std::pair<std::string, std::pair<std::string, std::string>>, std::size_t> _bySlotKey;
};

} } // namespace mailbridge::service

#endif
