SELECT `mailbox`, `state`, `last_sync_at`, `last_error`, `heartbeat_at`, `lag_seconds` FROM `mb_mailbox_status` ORDER BY `mailbox`
-- params:
