INSERT INTO `mb_outbox_recipient` (`outbox_id`, `address`, `kind`, `state`, `smtp_reply`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `kind` = VALUES(`kind`), `state` = VALUES(`state`), `smtp_reply` = VALUES(`smtp_reply`), `updated_at` = VALUES(`updated_at`)
-- params: outbox_id, address, kind, state, smtp_reply, updated_at
