UPDATE "MB_OUTBOX" SET "STATE" = ?, "MESSAGE_ID" = ?, "ATTEMPTS" = ?, "NEXT_ATTEMPT_AT" = ?, "SENT_AT" = ?, "LAST_ERROR" = ?, "FILED_UID" = ? WHERE "ID" = ? AND "STATE" = ? AND "CLAIMED_BY" = ?
-- params: state, message_id, attempts, next_attempt_at, sent_at, last_error, filed_uid, id, expected_state, claimed_by
