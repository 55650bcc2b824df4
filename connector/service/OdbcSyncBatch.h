//
// OdbcSyncBatch.h
//
// What one commit of OdbcSyncStore reads up front and reuses, so a batch
// costs a few lookups in all instead of several per message: the ledger
// rows already present, the activities of its messages and of their
// parents, the replies waiting for its messages, and its inserts prepared
// once; the ledger, mb_message_activity and mb_thread_wait changes go in at
// the end, many rows per statement.
//

#ifndef MB_Service_OdbcSyncBatch_INCLUDED
#define MB_Service_OdbcSyncBatch_INCLUDED

#include "connector/sync/MessageRecord.h"
#include "connector/sync/SyncStore.h"
#include "mapping/sql/OwnTablesSql.h"
#include "mapping/store/PreparedStatement.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping { class OdbcConnection; class ParamBinder; }
namespace service {

class OdbcSyncBatch
	/// Lives inside one transaction: what it read stays true there, because
	/// every change the batch makes to these tables goes through it too.
{
public:
	typedef std::vector<std::pair<std::string, mapping::BoundValue>> Values;

	OdbcSyncBatch(mapping::OdbcConnection& db, const mapping::OwnTablesSql& sql, bool grouped);
		/// grouped: addActivity() and addLedgerRow() queue their rows for
		/// flush(); else each runs at once, so a refusal names its message.

	void load(const sync::FolderKey& key, std::uint32_t uidValidity, const std::vector<sync::MessageRecord>& records);
		/// Reads, IN_LIST_CHUNK values per query, which of the records' UIDs
		/// the ledger holds, the mb_message_activity rows of the records'
		/// identities and parents, and the mb_thread_wait rows waiting for
		/// the records. Throws StatementError, DatabaseUnavailable.

	bool inLedger(std::uint32_t uid) const;

	bool covers(const std::string& messageKey) const;
		/// Whether activity() and waiting() answer for this key (else ask the database).

	std::string activity(const std::string& messageKey, const sync::PersonRef& person) const;
		/// The activity key written for this message and person, or "".

	void addActivity(const sync::MessageRecord& record, const sync::PersonRef& person, const std::string& activityKey);
		/// Inserts (or queues) the mb_message_activity row of the record's
		/// message and person (insert-if-absent), with its subject key and
		/// date, and remembers it.

	bool subjectParent(const sync::MessageRecord& record, const sync::PersonRef& person, std::string& activityKey,
		Poco::Int64& messageTime) const;
		/// For a record with subjectThreadingDays: the latest activity of
		/// this person logged under the record's subject key, dated before
		/// the record and at most that many days earlier (read by load(), or
		/// added since). False when there is none.

	void addLedgerRow(std::uint32_t uid, const Values& row);
		/// Inserts (or queues) the ledger_insert row of this UID; a UID given
		/// twice keeps its first row, as insert-if-absent does.

	void flush();
		/// Inserts the queued rows, many per statement (OwnTablesSql::INSERT_ROWS). Throws
		/// StatementError (which row is not known), DatabaseUnavailable.

	std::vector<std::string> waiting(const std::string& parentKey, const sync::PersonRef& person) const;
		/// The activity keys of the replies waiting for this message and person.

	void addWait(const std::string& parentKey, const sync::PersonRef& person, const std::string& childKey);
		/// Inserts (or queues) the mb_thread_wait row (insert-if-absent) and remembers it.

	void dropWaits(const std::string& parentKey, const sync::PersonRef& person);
		/// Deletes (or queues the delete of) the waits of this message and
		/// person and forgets them; a wait queued in this batch is not written.

	void execute(const mapping::SqlStatement& sql, const Values& values);
		/// Runs sql with values, prepared on its first use in this batch.
		/// Throws StatementError, DatabaseUnavailable.

	static mapping::BoundValue text(const std::string& value);
	static mapping::BoundValue nullableText(const std::string& value);  ///< "" is NULL
	static mapping::BoundValue integer(Poco::Int64 value);
	static mapping::BoundValue timestamp(const Poco::DateTime& value);

private:
	typedef std::pair<std::string, std::string> PersonKey;  // (person_kind, person_key)
	static PersonKey personKey(const sync::PersonRef& person);
	void select(const mapping::SqlStatement& sql, mapping::ParamBinder& params, std::size_t columns,
		const std::function<void(const std::vector<std::string>&)>& row);

	void insertRows(const std::function<mapping::SqlStatement(std::size_t)>& statement, const std::vector<Values>& rows,
		std::size_t most);

	mapping::OdbcConnection& _db;
	const mapping::OwnTablesSql& _sql;
	bool _grouped;
	std::vector<Values> _activityRows;
	std::map<std::tuple<std::string, std::string, std::string, std::string>, Values> _waitRows;  // queued inserts, by key
	std::set<std::pair<std::string, PersonKey>> _waitsStored;  // (parent, person) with rows in the database
	std::vector<Values> _waitDeletes;
	std::vector<Values> _ledgerRows;
	std::set<std::uint32_t> _ledgerQueued;
	std::set<std::uint32_t> _ledger;
	std::set<std::string> _covered;
	std::map<std::pair<std::string, PersonKey>, std::string> _activities;
	std::map<std::pair<std::string, PersonKey>, std::vector<std::string>> _waits;
	struct Logged { Poco::Int64 time; std::string activityKey; std::string messageKey; };
	std::map<std::pair<std::string, PersonKey>, std::vector<Logged>> _subjects;  // by (subject key, person)
	std::map<std::string, std::unique_ptr<mapping::PreparedStatement>> _prepared;  // by SQL text
};

} } // namespace mailbridge::service

#endif
