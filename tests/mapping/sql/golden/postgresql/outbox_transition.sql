UPDATE "mb_outbox" SET "state" = ?, "message_id" = ?, "attempts" = ?, "next_attempt_at" = ?, "sent_at" = ?, "last_error" = ?, "filed_uid" = ? WHERE "id" = ? AND "state" = ? AND "claimed_by" = ?
-- params: state, message_id, attempts, next_attempt_at, sent_at, last_error, filed_uid, id, expected_state, claimed_by
