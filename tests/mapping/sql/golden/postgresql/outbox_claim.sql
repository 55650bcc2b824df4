UPDATE "mb_outbox" SET "state" = 'claimed', "claimed_by" = ?, "claimed_at" = ? WHERE "id" = ? AND "state" = ? AND (("state" = 'queued' AND "send_at" <= ?) OR ("state" = 'retry' AND "next_attempt_at" <= ?))
-- params: claimed_by, claimed_at, id, state, now, now
