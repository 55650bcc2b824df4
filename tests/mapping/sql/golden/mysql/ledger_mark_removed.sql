UPDATE `mb_ledger` SET `expunged` = ? WHERE `mailbox` = ? AND `folder` = ? AND `uidvalidity` = ? AND `imap_uid` = ?
-- params: expunged, mailbox, folder, uidvalidity, imap_uid
