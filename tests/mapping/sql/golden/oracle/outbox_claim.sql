UPDATE "mb_outbox" SET "state" = 'sending', "claimed_by" = ?, "claimed_at" = CURRENT_TIMESTAMP WHERE "id" = ? AND "state" = 'queued'
-- params: claimed_by, id
