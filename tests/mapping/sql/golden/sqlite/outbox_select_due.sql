SELECT "id" FROM "mb_outbox" WHERE "state" = 'queued' AND "send_at" <= CURRENT_TIMESTAMP AND ("next_attempt_at" IS NULL OR "next_attempt_at" <= CURRENT_TIMESTAMP) ORDER BY "send_at", "id" LIMIT 20
-- params:
