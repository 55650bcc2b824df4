//
// MappedPeopleDirectory.h
//
// The sync engine's PeopleDirectory over the mapping's people tables: one
// query per people table per chunk of addresses, matching case-insensitively
// on trimmed addresses, multi-valued columns split and compared exactly.
//

#ifndef MB_Mapping_MappedPeopleDirectory_INCLUDED
#define MB_Mapping_MappedPeopleDirectory_INCLUDED

#include "connector/sync/PeopleDirectory.h"
#include "mapping/model/Mapping.h"
#include "mapping/sql/MappingSql.h"

namespace mailbridge {
namespace mapping {

class OdbcConnection;

class MappedPeopleDirectory: public sync::PeopleDirectory
	/// One per connection (and so per worker thread).
{
public:
	MappedPeopleDirectory(OdbcConnection& db, const Mapping& mapping, std::size_t chunk = DEFAULT_CHUNK);

	std::map<std::string, std::vector<sync::PersonRef>> find(const std::vector<std::string>& addresses) override;
		/// Every person of every people table holding one of the addresses
		/// (comparison keys). A person whose do-not-log column holds one of
		/// the mapping's do-not-log values comes back with doNotLog set. A
		/// table with several="newest" gives, per address, only its row with
		/// the greatest newest-column.
		/// Throws DatabaseUnavailable (a TransientError) when the database is
		/// unreachable, StatementError when a query is refused.

	std::map<std::string, std::vector<sync::PersonRef>> findFor(const std::string& mailbox,
		const std::vector<std::string>& addresses) override;
		/// As find(), for mail of this mailbox. A table with several="owner"
		/// gives, per address, only the rows whose owner column holds the ATS
		/// user key the users table gives for the mailbox; when none of them
		/// is the owner's (or the mailbox has no user), all of them, as with
		/// "all": mail is never dropped for want of an owner. find() alone
		/// knows no mailbox and so gives all. The users table is read once.

	static std::string normalize(const std::string& address);
		/// Trimmed and lowercased: the comparison key.

	static std::vector<std::string> split(const std::string& value, const std::string& separator);
		/// The normalized addresses in a column value; one when separator is empty.

	static const std::size_t DEFAULT_CHUNK = 500;
		/// Addresses per IN list at most: below Oracle's 1000 items. Fewer
		/// where the dialect's parameter limit needs it (SQLite's 999, SQL
		/// Server's 2100), counting every email column's parameters.

private:
	void lookup(const PeopleTable& people, const std::vector<std::string>& chunk,
		std::map<std::string, std::vector<sync::PersonRef>>& found);

	std::string ownerKey(const std::string& mailbox);
		///< The users table's key for the mailbox, "" when it has none.

	OdbcConnection& _db;
	const Mapping& _mapping;
	MappingSql _sql;
	std::size_t _chunk;
	std::string _owner;  ///< the user key findFor() prefers, during one call
	bool _usersLoaded = false;
	std::map<std::string, std::string> _users;  ///< normalized address -> user key
};

} } // namespace mailbridge::mapping

#endif
