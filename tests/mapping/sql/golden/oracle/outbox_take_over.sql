UPDATE "MB_OUTBOX" SET "CLAIMED_BY" = ?, "CLAIMED_AT" = ? WHERE "ID" = ? AND "STATE" = ? AND "CLAIMED_BY" = ? AND "CLAIMED_AT" <= ?
-- params: claimed_by, claimed_at, id, state, previous_claimed_by, stale_before
