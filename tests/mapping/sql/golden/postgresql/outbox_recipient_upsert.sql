INSERT INTO "mb_outbox_recipient" ("outbox_id", "address", "kind", "state", "smtp_reply", "updated_at") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ("outbox_id", "address") DO UPDATE SET "kind" = excluded."kind", "state" = excluded."state", "smtp_reply" = excluded."smtp_reply", "updated_at" = excluded."updated_at"
-- params: outbox_id, address, kind, state, smtp_reply, updated_at
