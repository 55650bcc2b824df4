SELECT "ID", "STATE", "CLAIMED_BY" FROM "MB_OUTBOX" WHERE "MAILBOX" = ? AND (("STATE" = 'queued' AND "SEND_AT" <= ?) OR ("STATE" = 'retry' AND "NEXT_ATTEMPT_AT" <= ?) OR ("STATE" IN ('claimed', 'sending', 'accepted', 'filed') AND "CLAIMED_BY" IS NOT NULL AND "CLAIMED_AT" <= ?)) ORDER BY "SEND_AT", "ID" FETCH FIRST 20 ROWS ONLY
-- params: mailbox, now, now, stale_before
