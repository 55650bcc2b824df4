-- key: id, from insert
INSERT INTO "documents" ("person_id", "note_id", "file_name", "content_type", "content") VALUES (?, ?, ?, ?, ?) RETURNING "id"
-- params: person_id, note_id, file_name, content_type, content
