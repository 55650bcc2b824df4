-- Removes mailbridge's own tables (SQLite). The ATS's tables are untouched.
-- This loses the sync cursors: the next run re-reads every folder and relies on
-- the ATS's data (not the ledger) to avoid duplicates only where the mapping says so.
DROP TABLE IF EXISTS mb_audit;
DROP TABLE IF EXISTS mb_unknown_sender;
DROP TABLE IF EXISTS mb_mailbox_status;
DROP TABLE IF EXISTS mb_outbox_attachment;
DROP TABLE IF EXISTS mb_outbox_recipient;
DROP TABLE IF EXISTS mb_outbox;
DROP TABLE IF EXISTS mb_thread_wait;
DROP TABLE IF EXISTS mb_message_activity;
DROP TABLE IF EXISTS mb_ledger;
DROP TABLE IF EXISTS mb_folder_state;
DROP TABLE IF EXISTS mb_schema_version;
