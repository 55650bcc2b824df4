UPDATE "mb_outbox" SET "state" = ?, "attempts" = "attempts" + 1, "next_attempt_at" = ?, "last_error" = ?, "claimed_by" = NULL WHERE "id" = ? AND "claimed_by" = ?
-- params: state, next_attempt_at, last_error, id, claimed_by
