SELECT "address", "kind", "state", "smtp_reply" FROM "mb_outbox_recipient" WHERE "outbox_id" = ? ORDER BY "address"
-- params: outbox_id
