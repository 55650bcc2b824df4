INSERT INTO "mb_outbox_attachment" ("outbox_id", "seq_no", "file_name", "content_type", "file_path") SELECT ?, ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "mb_outbox_attachment" WHERE "outbox_id" = ? AND "seq_no" = ?)
-- params: outbox_id, seq_no, file_name, content_type, file_path, outbox_id, seq_no
