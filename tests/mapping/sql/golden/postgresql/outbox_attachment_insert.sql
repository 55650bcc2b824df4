INSERT INTO "mb_outbox_attachment" ("outbox_id", "seq_no", "file_name", "content_type", "file_path") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("outbox_id", "seq_no") DO NOTHING
-- params: outbox_id, seq_no, file_name, content_type, file_path
