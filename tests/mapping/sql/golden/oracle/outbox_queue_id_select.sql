SELECT "ID", "STATE" FROM "MB_OUTBOX" WHERE "QUEUE_KEY" = ?
-- params: queue_key
