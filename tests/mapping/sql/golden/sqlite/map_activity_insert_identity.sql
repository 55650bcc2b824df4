-- key: id, after insert
INSERT INTO "notes" ("person_kind", "person_id", "note_type", "subject", "body", "sender", "recipients", "created_at", "author_user_id", "parent_id", "message_id", "imap_url", "source") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
-- params: person_kind, person_id, note_type, subject, body, sender, recipients, created_at, author_user_id, parent_id, message_id, imap_url, source
-- then
SELECT last_insert_rowid()
-- params:
