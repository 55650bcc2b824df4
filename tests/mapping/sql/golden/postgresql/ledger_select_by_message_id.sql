SELECT "mailbox", "folder", "uidvalidity", "imap_uid", "activity_keys" FROM "mb_ledger" WHERE "message_id" = ?
-- params: message_id
