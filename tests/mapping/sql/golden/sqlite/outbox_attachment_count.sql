SELECT COUNT(*) FROM "mb_outbox_attachment" WHERE "outbox_id" = ?
-- params: outbox_id
