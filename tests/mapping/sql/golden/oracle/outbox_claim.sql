UPDATE "MB_OUTBOX" SET "STATE" = 'claimed', "CLAIMED_BY" = ?, "CLAIMED_AT" = ? WHERE "ID" = ? AND "STATE" = ? AND (("STATE" = 'queued' AND "SEND_AT" <= ?) OR ("STATE" = 'retry' AND "NEXT_ATTEMPT_AT" <= ?))
-- params: claimed_by, claimed_at, id, state, now, now
