INSERT INTO "MB_OUTBOX_ATTACHMENT" ("OUTBOX_ID", "SEQ_NO", "FILE_NAME", "CONTENT_TYPE", "FILE_PATH") SELECT ?, ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "MB_OUTBOX_ATTACHMENT" WHERE "OUTBOX_ID" = ? AND "SEQ_NO" = ?)
-- params: outbox_id, seq_no, file_name, content_type, file_path, outbox_id, seq_no
