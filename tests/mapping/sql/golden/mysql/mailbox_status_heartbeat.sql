INSERT INTO `mb_mailbox_status` (`mailbox`, `state`, `last_error`, `heartbeat_at`) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `state` = VALUES(`state`), `last_error` = VALUES(`last_error`), `heartbeat_at` = VALUES(`heartbeat_at`)
-- params: mailbox, state, last_error, heartbeat_at
