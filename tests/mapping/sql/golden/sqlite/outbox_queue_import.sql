INSERT INTO "mb_outbox" ("mailbox", "to_addrs", "cc_addrs", "bcc_addrs", "subject", "body_text", "body_html", "person_key", "send_at", "created_at", "queue_key") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("queue_key") DO NOTHING
-- params: mailbox, to_addrs, cc_addrs, bcc_addrs, subject, body_text, body_html, person_key, send_at, created_at, queue_key
