//
// OwnTablesSql.cpp
//

#include "mapping/sql/OwnTablesSql.h"
#include <Poco/Exception.h>

namespace mailbridge {
namespace mapping {

OwnTablesSql::OwnTablesSql(const Dialect& dialect):
	// sql/oracle/install.sql creates the mb_* names unquoted: upper case.
	_dialect(dialect.withUpperCaseNames())
{
}

const Dialect& OwnTablesSql::dialect() const
{
	return _dialect;
}

std::vector<std::string> OwnTablesSql::statementKinds() const
{
	return {"schema_version_select", "folder_state_select", "folder_state_upsert", "ledger_insert",
		"ledger_select_by_uid", "ledger_select_by_message_id", "ledger_mark_expunged",
		"message_activity_select", "message_activity_insert", "message_activity_select_by_activity",
		"thread_wait_insert", "thread_wait_select", "thread_wait_delete",
		"outbox_select_due", "outbox_claim", "outbox_take_over", "outbox_select", "outbox_attachment_select", "outbox_attachment_count", "outbox_recipient_select",
		"outbox_transition", "outbox_recipient_upsert", "mailbox_status_upsert", "mailbox_status_heartbeat", "audit_insert",
		"ledger_select_folder", "ledger_rekey", "mailbox_status_select_all", "unknown_sender_insert",
		"outbox_queue_import", "outbox_queue_key_select", "outbox_queue_id_select", "outbox_attachment_insert",
		"ledger_mark_removed", "ledger_select_page",
		"ledger_select_uids", "message_activity_select_keys", "message_activity_select_subjects", "thread_wait_select_parents",
		"ledger_insert_rows", "message_activity_insert_rows", "ledger_select_uid_range",
		"thread_wait_insert_rows", "thread_wait_delete_rows"};
}

SqlStatement OwnTablesSql::byKind(const std::string& kind) const
{
	if (kind == "schema_version_select") return schemaVersionSelect();
	if (kind == "folder_state_select") return folderStateSelect();
	if (kind == "folder_state_upsert") return folderStateUpsert();
	if (kind == "ledger_insert") return ledgerInsert();
	if (kind == "ledger_select_by_uid") return ledgerSelectByUid();
	if (kind == "ledger_select_folder") return ledgerSelectFolder();
	if (kind == "ledger_rekey") return ledgerRekey();
	if (kind == "ledger_select_uid_range") return ledgerSelectUidRange();
	if (kind == "mailbox_status_select_all") return mailboxStatusSelectAll();
	if (kind == "unknown_sender_insert") return unknownSenderInsert();
	if (kind == "ledger_select_by_message_id") return ledgerSelectByMessageId();
	if (kind == "ledger_mark_expunged") return ledgerMarkExpunged();
	if (kind == "message_activity_select") return messageActivitySelect();
	if (kind == "message_activity_insert") return messageActivityInsert();
	if (kind == "thread_wait_insert") return threadWaitInsert();
	if (kind == "thread_wait_select") return threadWaitSelect();
	if (kind == "thread_wait_delete") return threadWaitDelete();
	if (kind == "message_activity_select_by_activity") return messageActivitySelectByActivity();
	if (kind == "outbox_select_due") return outboxSelectDue();
	if (kind == "outbox_claim") return outboxClaim();
	if (kind == "outbox_take_over") return outboxTakeOver();
	if (kind == "outbox_select") return outboxSelect();
	if (kind == "outbox_attachment_select") return outboxAttachmentSelect();
	if (kind == "outbox_attachment_count") return outboxAttachmentCount();
	if (kind == "outbox_recipient_select") return outboxRecipientSelect();
	if (kind == "outbox_transition") return outboxTransition();
	if (kind == "outbox_recipient_upsert") return outboxRecipientUpsert();
	if (kind == "mailbox_status_upsert") return mailboxStatusUpsert();
	if (kind == "mailbox_status_heartbeat") return mailboxStatusHeartbeat();
	if (kind == "audit_insert") return auditInsert();
	if (kind == "ledger_mark_removed") return ledgerMarkRemoved();
	if (kind == "ledger_select_page") return ledgerSelectPage();
	if (kind == "outbox_queue_import") return outboxQueueImport();
	if (kind == "outbox_queue_key_select") return outboxQueueKeySelect();
	if (kind == "outbox_queue_id_select") return outboxQueueIdSelect();
	if (kind == "outbox_attachment_insert") return outboxAttachmentInsert();
	// The batch lookups with three values each: the text only grows by "?, ".
	if (kind == "ledger_select_uids") return ledgerSelectUids(3);
	if (kind == "message_activity_select_keys") return messageActivitySelectKeys(3);
	if (kind == "message_activity_select_subjects") return messageActivitySelectSubjects(3);
	if (kind == "thread_wait_select_parents") return threadWaitSelectParents(3);
	if (kind == "ledger_insert_rows") return ledgerInsertRows(2);
	if (kind == "message_activity_insert_rows") return messageActivityInsertRows(2);
	if (kind == "thread_wait_insert_rows") return threadWaitInsertRows(2);
	if (kind == "thread_wait_delete_rows") return threadWaitDeleteRows(2);
	throw Poco::NotFoundException("statement kind", kind);
}

namespace {

std::string where(const Dialect& d, const std::vector<std::string>& cols)
{
	std::string out;
	for (std::size_t i = 0; i < cols.size(); ++i)
		out += (i ? " AND " : "") + d.quote(cols[i]) + " = ?";
	return out;
}

std::string list(const Dialect& d, const std::vector<std::string>& cols)
{
	std::string out;
	for (std::size_t i = 0; i < cols.size(); ++i)
		out += (i ? ", " : "") + d.quote(cols[i]);
	return out;
}

SqlStatement select(const Dialect& d, const std::string& table, const std::vector<std::string>& cols,
	const std::vector<std::string>& keys)
{
	SqlStatement s;
	s.text = "SELECT " + list(d, cols) + " FROM " + d.quote(table) + " WHERE " + where(d, keys);
	s.params = keys;
	return s;
}

SqlStatement selectIn(const Dialect& d, const std::string& table, const std::vector<std::string>& cols,
	const std::vector<std::string>& keys, const std::string& listColumn, std::size_t n)
{
	if (n == 0) throw Poco::InvalidArgumentException("an IN list needs a value");
	SqlStatement s;
	s.text = "SELECT " + list(d, cols) + " FROM " + d.quote(table) + " WHERE ";
	if (!keys.empty()) s.text += where(d, keys) + " AND ";
	s.text += d.quote(listColumn) + " IN (" + d.placeholders(n) + ")";
	s.params = keys;
	for (std::size_t i = 1; i <= n; ++i) s.params.push_back(listColumn + "_" + std::to_string(i));
	return s;
}

} // namespace

const std::vector<OwnTablesSql::Table>& OwnTablesSql::tables()
{
	static const std::vector<Table> all = {
		{"mb_schema_version", {"version", "installed_at"}},
		{"mb_folder_state", {"mailbox", "folder", "uidvalidity", "last_uid", "highest_modseq", "backfill_floor",
			"state_version", "updated_at"}},
		{"mb_ledger", {"id", "mailbox", "folder", "uidvalidity", "imap_uid", "message_id", "content_hash",
			"internal_date", "size_bytes", "direction", "person_keys", "activity_keys", "expunged", "created_at"}},
		{"mb_message_activity", {"message_key", "person_kind", "person_key", "activity_key", "subject_key",
			"message_time", "created_at"}},
		{"mb_thread_wait", {"parent_key", "person_kind", "person_key", "child_activity_key", "created_at"}},
		{"mb_outbox", {"id", "mailbox", "to_addrs", "cc_addrs", "bcc_addrs", "subject", "body_text", "body_html",
			"person_kind", "person_key", "parent_activity_key", "send_at", "state", "message_id", "attempts",
			"next_attempt_at", "last_error", "claimed_by", "claimed_at", "sent_at", "filed_uid", "queue_key",
			"created_at"}},
		{"mb_outbox_recipient", {"outbox_id", "address", "kind", "state", "smtp_reply", "updated_at"}},
		{"mb_outbox_attachment", {"outbox_id", "seq_no", "file_name", "content_type", "content", "file_path"}},
		{"mb_mailbox_status", {"mailbox", "state", "last_sync_at", "last_error", "heartbeat_at", "lag_seconds"}},
		{"mb_unknown_sender", {"id", "mailbox", "address", "display_name", "message_id", "subject", "seen_at",
			"reviewed"}},
		{"mb_audit", {"id", "logged_at", "mailbox", "action", "detail"}}};
	return all;
}

SqlStatement OwnTablesSql::columnsProbe(const std::string& table, const std::vector<std::string>& columns) const
{
	// Qualified: SQLite reads an unknown "name" alone as a string literal.
	SqlStatement s;
	s.text = "SELECT ";
	for (std::size_t i = 0; i < columns.size(); ++i)
		s.text += (i ? ", " : "") + _dialect.quote(table) + "." + _dialect.quote(columns[i]);
	s.text += " FROM " + _dialect.quote(table) + " WHERE 1 = 0";
	return s;
}

SqlStatement OwnTablesSql::schemaVersionSelect() const
{
	SqlStatement s;
	s.text = "SELECT " + _dialect.quote("version") + " FROM " + _dialect.quote("mb_schema_version")
		+ " ORDER BY " + _dialect.quote("version") + " DESC";
	return s;
}

SqlStatement OwnTablesSql::folderStateSelect() const
{
	return select(_dialect, "mb_folder_state", {"uidvalidity", "last_uid", "highest_modseq", "backfill_floor", "state_version"},
		{"mailbox", "folder"});
}

SqlStatement OwnTablesSql::folderStateUpsert() const
{
	return _dialect.upsert("mb_folder_state",
		{"mailbox", "folder", "uidvalidity", "last_uid", "highest_modseq", "backfill_floor", "state_version", "updated_at"},
		{"mailbox", "folder"});
}

SqlStatement OwnTablesSql::ledgerInsert() const
{
	return _dialect.insertIfAbsent("mb_ledger",
		{"mailbox", "folder", "uidvalidity", "imap_uid", "message_id", "content_hash", "internal_date",
			"size_bytes", "direction", "person_keys", "activity_keys"},
		{"mailbox", "folder", "uidvalidity", "imap_uid"});
}

SqlStatement OwnTablesSql::ledgerSelectByUid() const
{
	return select(_dialect, "mb_ledger", {"message_id", "content_hash", "person_keys", "activity_keys", "expunged"},
		{"mailbox", "folder", "uidvalidity", "imap_uid"});
}

SqlStatement OwnTablesSql::ledgerSelectByMessageId() const
{
	return select(_dialect, "mb_ledger", {"mailbox", "folder", "uidvalidity", "imap_uid", "activity_keys"},
		{"message_id"});
}

SqlStatement OwnTablesSql::ledgerMarkExpunged() const
{
	SqlStatement s;
	// Set once: a removal mailbridge made itself (2, 3) keeps its reason.
	s.text = "UPDATE " + _dialect.quote("mb_ledger") + " SET " + _dialect.quote("expunged") + " = 1 WHERE "
		+ where(_dialect, {"mailbox", "folder", "uidvalidity", "imap_uid"}) + " AND " + _dialect.quote("expunged") + " = 0";
	s.params = {"mailbox", "folder", "uidvalidity", "imap_uid"};
	return s;
}

SqlStatement OwnTablesSql::ledgerMarkRemoved() const
{
	SqlStatement s;
	s.text = "UPDATE " + _dialect.quote("mb_ledger") + " SET " + _dialect.quote("expunged") + " = ? WHERE "
		+ where(_dialect, {"mailbox", "folder", "uidvalidity", "imap_uid"});
	s.params = {"expunged", "mailbox", "folder", "uidvalidity", "imap_uid"};
	return s;
}

SqlStatement OwnTablesSql::ledgerSelectPage(std::size_t limit) const
{
	const Dialect& d = _dialect;
	SqlStatement s;
	s.text = d.paginate("SELECT " + list(d, {"id", "folder", "uidvalidity", "imap_uid", "message_id", "activity_keys"})
		+ " FROM " + d.quote("mb_ledger") + " WHERE " + d.quote("mailbox") + " = ? AND " + d.quote("expunged") + " = 0 AND "
		+ d.quote("imap_uid") + " > 0 AND " + d.quote("id") + " > ? ORDER BY " + d.quote("id"), limit);
	s.params = {"mailbox", "after_id"};
	return s;
}

SqlStatement OwnTablesSql::ledgerSelectFolder() const
{
	SqlStatement s = select(_dialect, "mb_ledger", {"imap_uid", "message_id", "size_bytes", "internal_date"},
		{"mailbox", "folder", "uidvalidity"});
	s.text += " AND " + _dialect.quote("expunged") + " = 0 ORDER BY " + _dialect.quote("imap_uid");
	return s;
}

SqlStatement OwnTablesSql::ledgerSelectUidRange() const
{
	const Dialect& d = _dialect;
	SqlStatement s = select(d, "mb_ledger", {"imap_uid"}, {"mailbox", "folder", "uidvalidity"});
	s.text += " AND " + d.quote("imap_uid") + " >= ? AND " + d.quote("imap_uid") + " <= ? AND " + d.quote("expunged")
		+ " = 0 ORDER BY " + d.quote("imap_uid");
	s.params.push_back("first_uid");
	s.params.push_back("last_uid");
	return s;
}

SqlStatement OwnTablesSql::ledgerRekey() const
{
	const Dialect& d = _dialect;
	SqlStatement s;
	s.text = "UPDATE " + d.quote("mb_ledger") + " SET " + d.quote("uidvalidity") + " = ?, " + d.quote("imap_uid")
		+ " = ? WHERE " + where(d, {"mailbox", "folder", "uidvalidity", "imap_uid"});
	s.params = {"new_uidvalidity", "new_uid", "mailbox", "folder", "uidvalidity", "imap_uid"};
	return s;
}

SqlStatement OwnTablesSql::messageActivitySelect() const
{
	return select(_dialect, "mb_message_activity", {"activity_key"}, {"message_key", "person_kind", "person_key"});
}

SqlStatement OwnTablesSql::messageActivityInsert() const
{
	return _dialect.insertIfAbsent("mb_message_activity",
		{"message_key", "person_kind", "person_key", "activity_key", "subject_key", "message_time"},
		{"message_key", "person_kind", "person_key"});
}

SqlStatement OwnTablesSql::threadWaitInsert() const
{
	return _dialect.insertIfAbsent("mb_thread_wait",
		{"parent_key", "person_kind", "person_key", "child_activity_key"},
		{"parent_key", "person_kind", "person_key", "child_activity_key"});
}

SqlStatement OwnTablesSql::threadWaitSelect() const
{
	return select(_dialect, "mb_thread_wait", {"child_activity_key"}, {"parent_key", "person_kind", "person_key"});
}

SqlStatement OwnTablesSql::threadWaitDelete() const
{
	SqlStatement s;
	s.text = "DELETE FROM " + _dialect.quote("mb_thread_wait") + " WHERE "
		+ where(_dialect, {"parent_key", "person_kind", "person_key"});
	s.params = {"parent_key", "person_kind", "person_key"};
	return s;
}

SqlStatement OwnTablesSql::messageActivitySelectByActivity() const
{
	return select(_dialect, "mb_message_activity", {"message_key"}, {"activity_key"});
}

SqlStatement OwnTablesSql::outboxSelectDue(std::size_t limit) const
{
	// No row locks: the claim that follows is a conditional UPDATE, which
	// every dialect (SQLite included) makes atomic per row.
	const Dialect& d = _dialect;
	std::string cond = d.quote("mailbox") + " = ? AND ((" + d.quote("state") + " = 'queued' AND " + d.quote("send_at")
		+ " <= ?) OR (" + d.quote("state") + " = 'retry' AND " + d.quote("next_attempt_at") + " <= ?) OR ("
		+ d.quote("state") + " IN ('claimed', 'sending', 'accepted', 'filed') AND " + d.quote("claimed_by")
		+ " IS NOT NULL AND " + d.quote("claimed_at") + " <= ?))";
	SqlStatement s;
	s.text = d.paginate("SELECT " + list(d, {"id", "state", "claimed_by"}) + " FROM " + d.quote("mb_outbox")
		+ " WHERE " + cond + " ORDER BY " + list(d, {"send_at", "id"}), limit);
	s.params = {"mailbox", "now", "now", "stale_before"};
	return s;
}

SqlStatement OwnTablesSql::outboxClaim() const
{
	// Whoever changes the row from the state it read owns it; a second
	// claimer's WHERE no longer matches and it sees 0 rows affected. The due
	// test is repeated: the row may have gone round to retry since it was read.
	const Dialect& d = _dialect;
	SqlStatement s;
	s.text = "UPDATE " + d.quote("mb_outbox") + " SET " + d.quote("state") + " = 'claimed', "
		+ d.quote("claimed_by") + " = ?, " + d.quote("claimed_at") + " = ? WHERE " + d.quote("id") + " = ? AND "
		+ d.quote("state") + " = ? AND ((" + d.quote("state") + " = 'queued' AND " + d.quote("send_at") + " <= ?) OR ("
		+ d.quote("state") + " = 'retry' AND " + d.quote("next_attempt_at") + " <= ?))";
	s.params = {"claimed_by", "claimed_at", "id", "state", "now", "now"};
	return s;
}

SqlStatement OwnTablesSql::outboxTakeOver() const
{
	// Compare-and-set on the owner read and the lease: of two workers taking
	// over the same stale row, the second finds a new owner and a fresh claimed_at.
	const Dialect& d = _dialect;
	SqlStatement s;
	s.text = "UPDATE " + d.quote("mb_outbox") + " SET " + d.quote("claimed_by") + " = ?, " + d.quote("claimed_at")
		+ " = ? WHERE " + where(d, {"id", "state"}) + " AND " + d.quote("claimed_by") + " = ? AND "
		+ d.quote("claimed_at") + " <= ?";
	s.params = {"claimed_by", "claimed_at", "id", "state", "previous_claimed_by", "stale_before"};
	return s;
}

SqlStatement OwnTablesSql::outboxSelect() const
{
	return select(_dialect, "mb_outbox",
		{"id", "mailbox", "to_addrs", "cc_addrs", "bcc_addrs", "state", "message_id", "attempts", "created_at",
			"send_at", "next_attempt_at", "sent_at", "claimed_by", "claimed_at", "last_error", "filed_uid",
			"subject", "body_text", "body_html", "parent_activity_key"},
		{"id"});
}

SqlStatement OwnTablesSql::outboxAttachmentSelect() const
{
	SqlStatement s = select(_dialect, "mb_outbox_attachment", {"file_name", "content_type", "content", "file_path"}, {"outbox_id"});
	s.text += " ORDER BY " + _dialect.quote("seq_no");
	return s;
}

SqlStatement OwnTablesSql::outboxAttachmentCount() const
{
	SqlStatement s;
	s.text = "SELECT COUNT(*) FROM " + _dialect.quote("mb_outbox_attachment") + " WHERE " + _dialect.quote("outbox_id") + " = ?";
	s.params = {"outbox_id"};
	return s;
}

SqlStatement OwnTablesSql::outboxRecipientSelect() const
{
	SqlStatement s = select(_dialect, "mb_outbox_recipient", {"address", "kind", "state", "smtp_reply"}, {"outbox_id"});
	s.text += " ORDER BY " + _dialect.quote("address");
	return s;
}

SqlStatement OwnTablesSql::outboxTransition() const
{
	const Dialect& d = _dialect;
	SqlStatement s;
	s.text = "UPDATE " + d.quote("mb_outbox") + " SET "
		+ d.quote("state") + " = ?, " + d.quote("message_id") + " = ?, " + d.quote("attempts") + " = ?, "
		+ d.quote("next_attempt_at") + " = ?, " + d.quote("sent_at") + " = ?, " + d.quote("last_error") + " = ?, "
		+ d.quote("filed_uid") + " = ? WHERE " + d.quote("id") + " = ? AND " + d.quote("state") + " = ? AND "
		+ d.quote("claimed_by") + " = ?";
	s.params = {"state", "message_id", "attempts", "next_attempt_at", "sent_at", "last_error", "filed_uid",
		"id", "expected_state", "claimed_by"};
	return s;
}

SqlStatement OwnTablesSql::outboxRecipientUpsert() const
{
	return _dialect.upsert("mb_outbox_recipient",
		{"outbox_id", "address", "kind", "state", "smtp_reply", "updated_at"}, {"outbox_id", "address"});
}

SqlStatement OwnTablesSql::outboxQueueImport() const
{
	return _dialect.insertIfAbsent("mb_outbox",
		{"mailbox", "to_addrs", "cc_addrs", "bcc_addrs", "subject", "body_text", "body_html", "person_key",
			"send_at", "created_at", "queue_key"},
		{"queue_key"});
}

SqlStatement OwnTablesSql::outboxQueueKeySelect() const
{
	return select(_dialect, "mb_outbox", {"queue_key"}, {"id"});
}

SqlStatement OwnTablesSql::outboxQueueIdSelect() const
{
	return select(_dialect, "mb_outbox", {"id", "state"}, {"queue_key"});
}

SqlStatement OwnTablesSql::outboxAttachmentInsert() const
{
	return _dialect.insertIfAbsent("mb_outbox_attachment",
		{"outbox_id", "seq_no", "file_name", "content_type", "file_path"}, {"outbox_id", "seq_no"});
}

SqlStatement OwnTablesSql::mailboxStatusUpsert() const
{
	return _dialect.upsert("mb_mailbox_status",
		{"mailbox", "state", "last_sync_at", "last_error", "heartbeat_at", "lag_seconds"}, {"mailbox"});
}

SqlStatement OwnTablesSql::mailboxStatusHeartbeat() const
{
	return _dialect.upsert("mb_mailbox_status", {"mailbox", "state", "last_error", "heartbeat_at"}, {"mailbox"});
}

SqlStatement OwnTablesSql::mailboxStatusSelectAll() const
{
	const Dialect& d = _dialect;
	SqlStatement s;
	s.text = "SELECT " + list(d, {"mailbox", "state", "last_sync_at", "last_error", "heartbeat_at", "lag_seconds"})
		+ " FROM " + d.quote("mb_mailbox_status") + " ORDER BY " + d.quote("mailbox");
	return s;
}

SqlStatement OwnTablesSql::unknownSenderInsert() const
{
	return _dialect.insert("mb_unknown_sender", {"mailbox", "address", "display_name", "message_id", "subject"});
}

SqlStatement OwnTablesSql::auditInsert() const
{
	return _dialect.insert("mb_audit", {"mailbox", "action", "detail"});
}

SqlStatement OwnTablesSql::ledgerInsertRows(std::size_t n) const
{
	return _dialect.insertRowsIfAbsent("mb_ledger", {"mailbox", "folder", "uidvalidity", "imap_uid", "message_id", "content_hash",
		"internal_date", "size_bytes", "direction", "person_keys", "activity_keys"}, {"mailbox", "folder", "uidvalidity", "imap_uid"}, n);
}

SqlStatement OwnTablesSql::messageActivityInsertRows(std::size_t n) const
{
	return _dialect.insertRowsIfAbsent("mb_message_activity",
		{"message_key", "person_kind", "person_key", "activity_key", "subject_key", "message_time"},
		{"message_key", "person_kind", "person_key"}, n);
}

SqlStatement OwnTablesSql::threadWaitInsertRows(std::size_t n) const
{
	const std::vector<std::string> cols = {"parent_key", "person_kind", "person_key", "child_activity_key"};
	return _dialect.insertRowsIfAbsent("mb_thread_wait", cols, cols, n);
}

SqlStatement OwnTablesSql::threadWaitDeleteRows(std::size_t n) const
{
	if (n == 0) throw Poco::InvalidArgumentException("a delete needs a row");
	const std::vector<std::string> keys = {"parent_key", "person_kind", "person_key"};
	SqlStatement s;
	s.text = "DELETE FROM " + _dialect.quote("mb_thread_wait") + " WHERE ";
	for (std::size_t r = 1; r <= n; ++r)
	{
		s.text += (r > 1 ? " OR (" : "(") + where(_dialect, keys) + ")";
		for (const auto& k: keys) s.params.push_back(k + "_" + std::to_string(r));
	}
	return s;
}

SqlStatement OwnTablesSql::ledgerSelectUids(std::size_t n) const
{
	return selectIn(_dialect, "mb_ledger", {"imap_uid"}, {"mailbox", "folder", "uidvalidity"}, "imap_uid", n);
}

SqlStatement OwnTablesSql::messageActivitySelectKeys(std::size_t n) const
{
	return selectIn(_dialect, "mb_message_activity", {"message_key", "person_kind", "person_key", "activity_key"}, {},
		"message_key", n);
}

SqlStatement OwnTablesSql::messageActivitySelectSubjects(std::size_t n) const
{
	return selectIn(_dialect, "mb_message_activity",
		{"subject_key", "person_kind", "person_key", "activity_key", "message_time", "message_key"}, {}, "subject_key", n);
}

SqlStatement OwnTablesSql::threadWaitSelectParents(std::size_t n) const
{
	return selectIn(_dialect, "mb_thread_wait", {"parent_key", "person_kind", "person_key", "child_activity_key"}, {},
		"parent_key", n);
}

} } // namespace mailbridge::mapping
