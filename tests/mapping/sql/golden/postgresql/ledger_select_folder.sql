SELECT "imap_uid", "message_id", "size_bytes", "internal_date" FROM "mb_ledger" WHERE "mailbox" = ? AND "folder" = ? AND "uidvalidity" = ? AND "expunged" = 0 ORDER BY "imap_uid"
-- params: mailbox, folder, uidvalidity
