-- key: id, after insert
INSERT INTO "documents" ("person_id", "note_id", "file_name", "content_type", "content") VALUES (?, ?, ?, ?, ?)
-- params: person_id, note_id, file_name, content_type, content
-- then
SELECT last_insert_rowid()
-- params:
