INSERT INTO `mb_outbox` (`mailbox`, `to_addrs`, `cc_addrs`, `bcc_addrs`, `subject`, `body_text`, `body_html`, `person_key`, `send_at`, `created_at`, `queue_key`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `queue_key` = `queue_key`
-- params: mailbox, to_addrs, cc_addrs, bcc_addrs, subject, body_text, body_html, person_key, send_at, created_at, queue_key
