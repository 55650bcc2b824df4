//
// MappedActivityWriter.h
//
// Writes an activity (and the documents for its attachments) as the mapping
// file describes, inside the store's transaction: evaluates each column's
// value expression, draws the key by the mapping's key generation and
// reads it back the way the dialect allows.
//

#ifndef MB_Mapping_MappedActivityWriter_INCLUDED
#define MB_Mapping_MappedActivityWriter_INCLUDED

#include "mapping/model/Mapping.h"
#include "mapping/sql/Dialect.h"
#include "mapping/sql/InsertPlan.h"
#include "mapping/store/ActivityWriter.h"
#include "mapping/store/MessageContent.h"
#include "mapping/store/PreparedStatement.h"
#include "mapping/store/ValueEvaluator.h"
#include <map>
#include <memory>
#include <string>

namespace mailbridge {
namespace mapping {

class MappedActivityWriter: public ActivityWriter
	/// One per connection. Not thread-safe.
{
public:
	MappedActivityWriter(const Mapping& mapping, const Dialect& dialect, const std::string& imapHost,
		std::shared_ptr<const MessageContentSource> content = nullptr);
		/// content reads body text, recipients and attachments; without one
		/// (HeaderOnlyContent) those values are empty. Throws ConfigError when
		/// the dialect cannot do the mapping's key generation.

	std::string write(OdbcConnection& db, const ActivityRequest& request) override;
		/// Inserts the activity and its documents; returns the activity key
		/// ("" with generation="none" unless a column is named like the key).
		/// Throws StatementError with the message and table in its context,
		/// DatabaseUnavailable when the connection is lost.

	std::vector<std::string> writeBatch(OdbcConnection& db, const std::vector<ActivityRequest>& requests) override;
		/// As write() per request. Where the keys are known before the insert
		/// (counter: one increment by the number of rows; guid; none; on
		/// PostgreSQL identity, drawn from the column's sequence), up to
		/// ROWS_PER_STATEMENT activities go in one multi-row INSERT, inside a
		/// savepoint; when it fails, the savepoint is rolled back and the rows
		/// are inserted one by one, so the StatementError names the message
		/// (and, where the driver's text names one, the column) that failed.
		/// Other key generations (and an identity column without a sequence
		/// of its own) insert row by row. Documents follow their
		/// activity as with write().

	static const std::size_t ROWS_PER_STATEMENT = 100;
		/// Fewer when the dialect's parameter limit needs it.

	bool linkParent(OdbcConnection& db, const std::string& childKey, const std::string& parentKey) override;
		/// UPDATE of the parent column by the activity's key column; false
		/// when the mapping has either missing.

	bool linkParents(OdbcConnection& db, const std::vector<std::pair<std::string, std::string>>& childToParent) override;
		/// Up to ROWS_PER_STATEMENT links per UPDATE (a CASE over the key).

	sync::PersonRef createPerson(OdbcConnection& db, const sync::MessageRecord& record, const sync::FolderKey& folder) override;
		/// The people table's <create>: its key drawn as for an activity.

	std::vector<std::pair<std::string, BoundValue>> preview(const ActivityRequest& request) const;
		/// The column values write() would bind, in mapping order, without a
		/// database (the key is not drawn).

	void loadUsers(OdbcConnection& db);
		/// Reads the users table (mailbox address -> ATS user key) for
		/// value="owner-user-key". Done by the first write() otherwise.

	void setUsers(const std::map<std::string, std::string>& users);
		/// As loadUsers(), from a map keyed by normalized address.

	const InsertPlan& activityPlan() const;

	void forgetStatements();
		/// Drops the prepared statements; needed when the connection passed
		/// to write() is replaced by a new one (they are also dropped when
		/// write() sees a different connection object).

private:
	ActivityContext context(const ActivityRequest& request, const MessageContent& content) const;
	std::string insert(OdbcConnection& db, const InsertPlan& plan, const KeySpec& key, const std::string& table,
		const std::vector<ValueExpression>& columns, const ActivityContext& context, const std::string& messageRef);
	void writeDocuments(OdbcConnection& db, const ActivityRequest& request, const MessageContent& content,
		const ActivityContext& activity);
	bool wantsDocument(const MessageAttachment& attachment) const;
	typedef std::vector<std::pair<std::string, BoundValue>> Values;
	Values evaluate(const std::vector<ValueExpression>& columns, const KeySpec& keySpec, const ActivityContext& context,
		std::string& key) const;
	void writeRows(OdbcConnection& db, const std::vector<ActivityRequest>& requests, std::size_t first, std::size_t count,
		std::vector<std::string>& keys);
	std::vector<std::string> drawKeys(OdbcConnection& db, const InsertPlan& plan, std::size_t count, const std::string& messageRef);
	[[noreturn]] void rethrowFor(const std::string& messageRef, const std::string& table, const std::string& keyColumn,
		const std::string& sql, const std::vector<ValueExpression>& columns);
		/// From inside a catch block: forgets the statements and rethrows as
		/// StatementError with the message and table (table.column when the
		/// driver's text names a mapped column).
	PreparedStatement& prepared(OdbcConnection& db, const SqlStatement& sql, const Values& values, bool yieldsValue);

	const Mapping& _mapping;
	std::string _imapHost;
	std::shared_ptr<const MessageContentSource> _content;
	InsertPlan _activityPlan;
	InsertPlan _documentPlan;
	InsertPlan _personPlan;
	bool _usersLoaded = false;
	std::map<std::string, std::string> _users;
	OdbcConnection* _preparedFor = nullptr;
	std::map<std::string, std::vector<std::unique_ptr<PreparedStatement>>> _prepared;  // by SQL text
	SqlStatement _parentUpdate;  // built on first use
	std::map<std::size_t, SqlStatement> _parentUpdates;  // multi-row, by row count
	std::map<std::size_t, InsertPlan> _rowPlans;  // multi-row activity inserts, by row count
	bool _identityOneByOne = false;  // no sequence behind the identity column: its values cannot be drawn ahead
};

} } // namespace mailbridge::mapping

#endif
