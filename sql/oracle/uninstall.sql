-- Removes mailbridge's own tables (Oracle). The ATS's tables are untouched.
DROP TABLE mb_audit PURGE;
DROP TABLE mb_unknown_sender PURGE;
DROP TABLE mb_mailbox_status PURGE;
DROP TABLE mb_outbox_attachment PURGE;
DROP TABLE mb_outbox_recipient PURGE;
DROP TABLE mb_outbox PURGE;
DROP TABLE mb_thread_wait PURGE;
DROP TABLE mb_message_activity PURGE;
DROP TABLE mb_ledger PURGE;
DROP TABLE mb_folder_state PURGE;
DROP TABLE mb_schema_version PURGE;
