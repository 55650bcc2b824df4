SELECT "id", "state" FROM "mb_outbox" WHERE "queue_key" = ?
-- params: queue_key
