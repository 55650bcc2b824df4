SELECT "id", "mailbox", "to_addrs", "cc_addrs", "bcc_addrs", "state", "message_id", "attempts", "created_at", "send_at", "next_attempt_at", "sent_at", "claimed_by", "claimed_at", "last_error", "filed_uid", "subject", "body_text", "body_html", "parent_activity_key" FROM "mb_outbox" WHERE "id" = ?
-- params: id
