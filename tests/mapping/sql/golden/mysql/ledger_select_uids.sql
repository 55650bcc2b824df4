SELECT `imap_uid` FROM `mb_ledger` WHERE `mailbox` = ? AND `folder` = ? AND `uidvalidity` = ? AND `imap_uid` IN (?, ?, ?)
-- params: mailbox, folder, uidvalidity, imap_uid_1, imap_uid_2, imap_uid_3
