UPDATE "mb_outbox" SET "state" = 'sent', "message_id" = ?, "sent_at" = CURRENT_TIMESTAMP, "filed_uid" = ? WHERE "id" = ? AND "claimed_by" = ?
-- params: message_id, filed_uid, id, claimed_by
