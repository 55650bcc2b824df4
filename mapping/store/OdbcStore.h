//
// OdbcStore.h
//
// What the sync engine writes to mailbridge's own tables: ledger rows and
// the folder cursor, in one transaction per batch.
//

#ifndef MB_Mapping_OdbcStore_INCLUDED
#define MB_Mapping_OdbcStore_INCLUDED

#include "mapping/sql/OwnTablesSql.h"
#include <Poco/Types.h>
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OdbcConnection;

struct FolderState
	/// The cursor of one folder (mb_folder_state).
{
	std::string mailbox;
	std::string folder;
	Poco::Int64 uidValidity = 0;
	Poco::Int64 lastUid = 0;         ///< highest UID committed
	Poco::Int64 highestModseq = 0;
	Poco::Int64 backfillFloor = 0;   ///< first sync: UIDs below not yet backfilled; 1 = done
	int stateVersion = 1;
};

struct LedgerEntry
	/// One message seen in a folder (mb_ledger).
{
	std::string mailbox;
	std::string folder;
	Poco::Int64 uidValidity = 0;
	Poco::Int64 uid = 0;
	std::string messageId;           ///< may be empty
	std::string contentHash;         ///< SHA-256 hex
	Poco::Int64 sizeBytes = 0;
	std::string direction = "I";     ///< "I" inbound, "O" outbound
	std::string personKeys;          ///< kind:key;...
	std::string activityKeys;
	bool expunged = false;
};

class OdbcStore
	/// mailbridge's own tables over one OdbcConnection (not thread-safe: one
	/// store per worker). The ATS-side rows (activities, documents) come from
	/// the mapping's SQL generation and are written in the same transaction
	/// by the same session.
{
public:
	explicit OdbcStore(OdbcConnection& connection);

	std::size_t writeBatch(const std::vector<LedgerEntry>& entries, const FolderState& state);
		/// Inserts the ledger rows not yet present and saves the folder cursor,
		/// all in one transaction; returns how many rows were new (SQLRowCount;
		/// an entry already in the ledger is not counted). On failure
		/// rolls back everything and throws StatementError naming the entry
		/// (mailbox/folder/uidvalidity/uid and Message-ID) with SQLSTATE and
		/// driver text, or DatabaseUnavailable (retry later).

	std::size_t writeLedger(const std::vector<LedgerEntry>& entries, const FolderState& state);
		/// As writeBatch(), inside the caller's transaction (begun on the same
		/// connection, with the batch's activities): the caller rolls back on
		/// failure. Up to ROWS_PER_STATEMENT entries go in one multi-row
		/// insert; when one fails the entries are inserted one by one to name
		/// the refused one. Throws as writeBatch().

	static const std::size_t ROWS_PER_STATEMENT = 50;
		///< psqlODBC 13 mangled a ::timestamp cast in a 100-row statement (9 KB of text).

	bool loadFolderState(const std::string& mailbox, const std::string& folder, FolderState& state);
		/// Fills state and returns true when a cursor exists. Throws ConfigError
		/// for a state_version this build does not know.

	bool findByUid(const std::string& mailbox, const std::string& folder, Poco::Int64 uidValidity,
		Poco::Int64 uid, LedgerEntry& entry);
		/// The ledger row of one IMAP message, if any. Text columns are read
		/// up to the size the driver reports for them (psqlODBC:
		/// MaxLongVarcharSize, 8190 unless set in the connection string).

	std::vector<LedgerEntry> findByMessageId(const std::string& messageId);
		/// Every place a Message-ID was seen (mailbox, folder, uidvalidity, uid, activity keys).

private:
	OdbcConnection& _connection;
	OwnTablesSql _sql;
};

} } // namespace mailbridge::mapping

#endif
