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

	bool linkParent(OdbcConnection& db, const std::string& childKey, const std::string& parentKey) override;
		/// UPDATE of the parent column by the activity's key column; false
		/// when the mapping has either missing.

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
};

} } // namespace mailbridge::mapping

#endif
