//
// ActivityWriter.h
//
// Writes one activity row (and its documents) into the ATS's own tables,
// inside the transaction the store has open. The mapping decides how; the
// store decides when, and records the key so the activity is never written
// twice. The sync store in connector/service calls it; MappedActivityWriter
// implements it from the mapping file.
//

#ifndef MB_Mapping_ActivityWriter_INCLUDED
#define MB_Mapping_ActivityWriter_INCLUDED

#include "connector/common/Errors.h"
#include "connector/sync/MessageRecord.h"
#include "connector/sync/SyncStore.h"
#include <cstdint>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

struct ActivityRequest
{
	const sync::MessageRecord& record;
	const sync::PersonRef& person;
	const sync::FolderKey& folder;
	std::uint32_t uidValidity;
	std::string parentActivityKey;  ///< empty when the message answers none we logged
};

class ActivityWriter
{
public:
	virtual ~ActivityWriter() = default;

	virtual std::string write(OdbcConnection& db, const ActivityRequest& request) = 0;
		/// Inserts the activity inside the caller's transaction and returns
		/// its key as text. Throws StatementError naming the column a value
		/// was refused for, DatabaseUnavailable when the connection is lost.

	virtual std::vector<std::string> writeBatch(OdbcConnection& db, const std::vector<ActivityRequest>& requests)
	{
		std::vector<std::string> keys;
		for (const auto& r: requests) keys.push_back(write(db, r));
		return keys;
	}
		/// As write() for each request, in order, inside the caller's
		/// transaction; returns the keys in request order. An implementation
		/// may send several rows per statement. Throws as write(), naming the
		/// request that failed; the caller rolls the transaction back.

	virtual bool linkParent(OdbcConnection& db, const std::string& childKey, const std::string& parentKey) = 0;
		/// Sets the parent of an activity written before its parent was
		/// (a reply synced first), inside the caller's transaction. Returns
		/// false when the activities have no parent column to set. Throws as
		/// write().

	virtual bool linkParents(OdbcConnection& db, const std::vector<std::pair<std::string, std::string>>& childToParent)
	{
		bool linked = true;
		for (const auto& link: childToParent) linked = linkParent(db, link.first, link.second) && linked;
		return linked;
	}
		/// linkParent() for each (child key, parent key); an implementation
		/// may set several per statement. Throws as write().

	virtual sync::PersonRef createPerson(OdbcConnection& db, const sync::MessageRecord& record, const sync::FolderKey& folder)
		/// Inserts a person for the record's unknown sender (the mapping's
		/// <create>), inside the caller's transaction, and returns it with
		/// its new key. Throws StatementError as write(); ConfigError when
		/// the mapping says nothing about creating people.
	{
		(void) db; (void) record; (void) folder;
		throw ConfigError("unknown_sender = create: the mapping has no <create> in a <people> table");
	}
};

} } // namespace mailbridge::mapping

#endif
