SELECT "id", "state", "claimed_by" FROM "mb_outbox" WHERE "mailbox" = ? AND (("state" = 'queued' AND "send_at" <= ?) OR ("state" = 'retry' AND "next_attempt_at" <= ?) OR ("state" IN ('claimed', 'sending', 'accepted', 'filed') AND "claimed_by" IS NOT NULL AND "claimed_at" <= ?)) ORDER BY "send_at", "id" LIMIT 20
-- params: mailbox, now, now, stale_before
