UPDATE "mb_outbox" SET "claimed_by" = ?, "claimed_at" = ? WHERE "id" = ? AND "state" = ? AND "claimed_by" = ? AND "claimed_at" <= ?
-- params: claimed_by, claimed_at, id, state, previous_claimed_by, stale_before
