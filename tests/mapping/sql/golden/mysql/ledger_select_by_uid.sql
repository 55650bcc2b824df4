SELECT `message_id`, `content_hash`, `person_keys`, `activity_keys`, `expunged` FROM `mb_ledger` WHERE `mailbox` = ? AND `folder` = ? AND `uidvalidity` = ? AND `imap_uid` = ?
-- params: mailbox, folder, uidvalidity, imap_uid
