SELECT `id`, `folder`, `uidvalidity`, `imap_uid`, `message_id`, `activity_keys` FROM `mb_ledger` WHERE `mailbox` = ? AND `expunged` = 0 AND `imap_uid` > 0 AND `id` > ? ORDER BY `id` LIMIT 200
-- params: mailbox, after_id
