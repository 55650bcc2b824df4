//
// OwnTablesSql.h
//
// The statements on mailbridge's own mb_* tables (sql/<dialect>/install.sql),
// one function per statement kind, like postgres_fdw's deparse.c. Pure.
//

#ifndef MB_Mapping_OwnTablesSql_INCLUDED
#define MB_Mapping_OwnTablesSql_INCLUDED

#include "mapping/sql/Dialect.h"
#include "mapping/sql/SqlStatement.h"
#include <string>
#include <vector>

namespace mailbridge {
namespace mapping {

class OwnTablesSql
	/// SQL for the mb_* tables in one dialect. Each function returns the text
	/// and the names of the values to bind, in order. Result columns are in
	/// the order documented per function.
{
public:
	static const int SCHEMA_VERSION = 1;
		/// The mb_schema_version this build writes and understands.

	static const std::size_t OUTBOX_CLAIM_BATCH = 20;
	static const std::size_t LEDGER_PAGE = 200;         ///< ledger rows checked against the server and the ATS at a time
		/// The due rows one poll looks at.

	explicit OwnTablesSql(const Dialect& dialect);

	const Dialect& dialect() const;

	std::vector<std::string> statementKinds() const;
		/// Names accepted by byKind(), for tests and tools.

	SqlStatement byKind(const std::string& kind) const;
		/// The statement named kind (e.g. "ledger_insert"). Throws Poco::NotFoundException.

	struct Table
	{
		std::string name;
		std::vector<std::string> columns;
	};

	static const std::vector<Table>& tables();
		/// Every mb_ table with its columns, as install.sql creates them at
		/// SCHEMA_VERSION (a test holds the two together).

	SqlStatement columnsProbe(const std::string& table, const std::vector<std::string>& columns) const;
		/// SELECT of the columns WHERE 1 = 0: returns no row, and fails when
		/// the table or one of the columns is not there.

	SqlStatement schemaVersionSelect() const;          ///< -> version, highest first
	SqlStatement folderStateSelect() const;            ///< mailbox, folder -> uidvalidity, last_uid, highest_modseq, state_version
	SqlStatement folderStateUpsert() const;
	SqlStatement ledgerInsert() const;                 ///< insert-if-absent on (mailbox, folder, uidvalidity, imap_uid)
	SqlStatement ledgerSelectByUid() const;            ///< -> message_id, content_hash, person_keys, activity_keys, expunged
	SqlStatement ledgerSelectByMessageId() const;      ///< -> mailbox, folder, uidvalidity, imap_uid, activity_keys
	SqlStatement ledgerMarkExpunged() const;           ///< expunged = 1 (the server's doing), unless already set
	SqlStatement ledgerMarkRemoved() const;            ///< expunged = 2 (moved to Trash) or 3 (expunged) by mailbridge
	SqlStatement ledgerSelectPage(std::size_t limit = LEDGER_PAGE) const;
		/// mailbox, after_id -> id, folder, uidvalidity, imap_uid, message_id,
		/// activity_keys: the mailbox's rows still on the server, by id.
	SqlStatement ledgerSelectFolder() const;           ///< mailbox, folder, uidvalidity -> imap_uid, message_id, size_bytes, internal_date (not expunged)
	SqlStatement ledgerSelectUidRange() const;         ///< mailbox, folder, uidvalidity, first_uid, last_uid -> imap_uid (not expunged)
	SqlStatement ledgerRekey() const;                  ///< moves one row to a new uidvalidity/uid after a reset
	SqlStatement messageActivitySelect() const;        ///< message_key, person_kind, person_key -> activity_key
	SqlStatement messageActivityInsert() const;        ///< insert-if-absent on the primary key
	SqlStatement threadWaitInsert() const;             ///< a reply waiting for its parent; insert-if-absent
	SqlStatement threadWaitSelect() const;             ///< parent_key, person_kind, person_key -> child_activity_key
	SqlStatement threadWaitDelete() const;             ///< the waits of a parent that has arrived
	SqlStatement messageActivitySelectByActivity() const; ///< activity_key -> message_key (a parent's Message-ID, for threading)

	static const std::size_t IN_LIST_CHUNK = 500;
		/// The most values a batch lookup puts in one IN list: under SQLite's
		/// 999 parameters and Oracle's 1,000 values per IN list. Each query
		/// costs a round trip and a prepare, so fewer, longer lists are faster.

	SqlStatement ledgerSelectUids(std::size_t n) const;
		/// mailbox, folder, uidvalidity, imap_uid_1..imap_uid_n -> imap_uid:
		/// which of n UIDs the ledger holds (expunged or not).
	SqlStatement messageActivitySelectKeys(std::size_t n) const;
		/// message_key_1..message_key_n -> message_key, person_kind, person_key,
		/// activity_key: every person's activity for n messages at once.
	SqlStatement messageActivitySelectSubjects(std::size_t n) const;
		/// subject_key_1..subject_key_n -> subject_key, person_kind, person_key,
		/// activity_key, message_time, message_key: the activities logged
		/// under n subjects, for linking a reply by its subject.
	static const std::size_t INSERT_ROWS = 50;
		/// The most ledger rows a batch insert puts in one statement (550
		/// values: psqlODBC 13 misreads timestamp parameters in much longer
		/// statements).
	static const std::size_t INSERT_ROWS_NARROW = 200;
		/// The most rows per statement for the tables without a timestamp
		/// value (mb_message_activity, mb_thread_wait), fewer where the
		/// dialect's parameter limit needs it.

	SqlStatement ledgerInsertRows(std::size_t n) const;
		/// ledger_insert for n rows in one statement: values <column>_<row>.
	SqlStatement messageActivityInsertRows(std::size_t n) const;
		/// message_activity_insert for n rows in one statement: values <column>_<row>.
	SqlStatement threadWaitInsertRows(std::size_t n) const;
		/// thread_wait_insert for n rows in one statement: values <column>_<row>.
	SqlStatement threadWaitDeleteRows(std::size_t n) const;
		/// thread_wait_delete for n (parent_key, person_kind, person_key) at
		/// once: values <column>_<row>.
	SqlStatement threadWaitSelectParents(std::size_t n) const;
		/// parent_key_1..parent_key_n -> parent_key, person_kind, person_key,
		/// child_activity_key: the replies waiting for any of n messages.
	SqlStatement outboxSelectDue(std::size_t limit = OUTBOX_CLAIM_BATCH) const;
		/// mailbox, now, stale_before -> id, state, claimed_by: queued rows with
		/// send_at <= now, retry rows with next_attempt_at <= now, and rows whose
		/// claim is older than stale_before; oldest send_at first. Each branch
		/// is an equality on state and a range, for the (state, send_at) index.
	SqlStatement outboxClaim() const;                  ///< a due queued/retry row becomes claimed; 1 row affected = ours
	SqlStatement outboxTakeOver() const;               ///< a stale claim changes owner, state kept; 1 row affected = ours
	SqlStatement outboxSelect() const;                 ///< id -> the row's columns, in the order service::OutboxRow reads them
	SqlStatement outboxAttachmentSelect() const;       ///< outbox_id -> file_name, content_type, content, file_path, in order
	SqlStatement outboxAttachmentCount() const;        ///< outbox_id -> how many attachments
	SqlStatement outboxRecipientSelect() const;        ///< outbox_id -> address, kind, state, smtp_reply
	SqlStatement outboxTransition() const;             ///< writes the item's progress if still in expected_state for claimed_by
	SqlStatement outboxRecipientUpsert() const;
	SqlStatement outboxQueueImport() const;            ///< a row of the DBA's queue copied in, once per queue_key (insert-if-absent)
	SqlStatement outboxQueueKeySelect() const;         ///< id -> queue_key (NULL for a row the ATS put in mb_outbox itself)
	SqlStatement outboxQueueIdSelect() const;          ///< queue_key -> id, state
	SqlStatement outboxAttachmentInsert() const;       ///< an attachment by file path; insert-if-absent on (outbox_id, seq_no)
	SqlStatement mailboxStatusUpsert() const;
	SqlStatement mailboxStatusHeartbeat() const;       ///< the upsert without last_sync_at and lag_seconds, which it keeps
	SqlStatement mailboxStatusSelectAll() const;       ///< -> mailbox, state, last_sync_at, last_error, heartbeat_at, lag_seconds
	SqlStatement unknownSenderInsert() const;
	SqlStatement auditInsert() const;

private:
	Dialect _dialect;
};

} } // namespace mailbridge::mapping

#endif
