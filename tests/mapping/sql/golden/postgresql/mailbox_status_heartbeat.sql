INSERT INTO "mb_mailbox_status" ("mailbox", "state", "last_error", "heartbeat_at") VALUES (?, ?, ?, ?) ON CONFLICT ("mailbox") DO UPDATE SET "state" = excluded."state", "last_error" = excluded."last_error", "heartbeat_at" = excluded."heartbeat_at"
-- params: mailbox, state, last_error, heartbeat_at
