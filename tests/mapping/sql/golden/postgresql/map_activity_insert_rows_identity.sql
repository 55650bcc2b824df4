-- key: id, before insert
SELECT nextval(pg_get_serial_sequence(?, ?)) FROM generate_series(1, ?)
-- params: key_table, key_column, counter_count
-- then
INSERT INTO "notes" ("id", "person_kind", "person_id", "note_type", "subject", "body", "sender", "recipients", "created_at", "author_user_id", "parent_id", "message_id", "imap_url", "source") OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
-- params: id, person_kind, person_id, note_type, subject, body, sender, recipients, created_at, author_user_id, parent_id, message_id, imap_url, source, id, person_kind, person_id, note_type, subject, body, sender, recipients, created_at, author_user_id, parent_id, message_id, imap_url, source
