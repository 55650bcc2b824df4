//
// OdbcSyncStore.h
//
// The sync engine's SyncStore over ODBC: the ATS's activity rows, our ledger
// and the folder cursor, committed in one transaction per batch.
//

#ifndef MB_Service_OdbcSyncStore_INCLUDED
#define MB_Service_OdbcSyncStore_INCLUDED

#include "connector/sync/SyncStore.h"
#include "mapping/sql/OwnTablesSql.h"
#include "mapping/store/ParamBinder.h"
#include <map>

namespace mailbridge {
namespace mapping { class OdbcConnection; class ActivityWriter; class BounceMarker; }
namespace service {

class OdbcSyncBatch;

class OdbcSyncStore: public sync::SyncStore
	/// One per worker thread: an ODBC connection is not shared.
{
public:
	OdbcSyncStore(mapping::OdbcConnection& db, mapping::ActivityWriter& writer, mapping::BounceMarker* bounces = nullptr);
		/// With a bounce marker, a logged delivery failure also marks the
		/// failed address bad through the mapping's bounce action.

	sync::FolderCursor loadCursor(const sync::FolderKey& key) override;
	void commit(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records,
		const sync::FolderCursor& cursor) override;
	void commitRecords(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records) override;
	void saveCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor) override;
	std::vector<sync::MessageIdentity> ledger(const sync::FolderKey& key, std::uint32_t uidValidity) override;
	std::vector<std::uint32_t> ledgerUids(const sync::FolderKey& key, std::uint32_t uidValidity, std::uint32_t first,
		std::uint32_t last) override;
	void rekey(const sync::FolderKey& key, std::uint32_t oldValidity, std::uint32_t newValidity,
		const std::vector<std::pair<std::uint32_t, std::uint32_t>>& oldToNew, const sync::FolderCursor& cursor) override;
	void markExpunged(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<std::uint32_t>& uids,
		const sync::FolderCursor& cursor) override;

private:
	void writeRecords(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records,
		const sync::FolderCursor* cursor);
	bool writeBatch(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records,
		const sync::FolderCursor* cursor, bool grouped);
		/// false when a grouped insert was refused (rolled back: try row by row)
	void awaitParent(const std::string& parentKey, const sync::PersonRef& person, const std::string& childKey);
	std::vector<std::string> takeWaitingReplies(const std::string& messageKey, const sync::PersonRef& person);
		/// The activity keys of the replies waiting for this message and
		/// person; their waits are dropped (the caller links them).
	void markBounced(const sync::MessageRecord& record, const sync::PersonRef& person);
	sync::PersonRef createdPerson(const sync::FolderKey& key, const sync::MessageRecord& record);
	std::vector<sync::PersonRef> peopleToLog(const sync::FolderKey& key, const sync::MessageRecord& record);
		/// The people to log the record for, created or marked bounced as it says.
	void stageSender(const sync::FolderKey& key, const sync::MessageRecord& record);
	void addLedgerRow(const sync::FolderKey& key, std::uint32_t uidValidity, const sync::MessageRecord& record,
		const std::vector<std::string>& people, const std::vector<std::string>& activities);
	void writeRecord(const sync::FolderKey& key, std::uint32_t uidValidity, const sync::MessageRecord& record);
		/// Row by row: each activity written at once, so a refusal names its message.
	std::string activityFor(const sync::FolderKey& key, std::uint32_t uidValidity, const sync::MessageRecord& record,
		const sync::PersonRef& person);
	std::vector<std::string> firstColumn(const mapping::SqlStatement& q, mapping::ParamBinder& params);
	static mapping::ParamBinder personParams(const std::string& keyName, const std::string& messageKey, const sync::PersonRef& person);
	std::string findActivity(const std::string& messageKey, const sync::PersonRef& person);
	void writeCursor(const sync::FolderKey& key, const sync::FolderCursor& cursor);

	mapping::OdbcConnection& _db;
	mapping::ActivityWriter& _writer;
	mapping::BounceMarker* _bounces;
	mapping::OwnTablesSql _sql;
	OdbcSyncBatch* _batch = nullptr;  ///< the commit under way: its lookups read up front, its inserts prepared once
	std::string _groupedRefusal;  ///< why the grouped pass of the commit under way gave way to row by row
	std::map<std::string, sync::PersonRef> _created;  ///< by sender address, in the transaction under way
};

} } // namespace mailbridge::service

#endif
