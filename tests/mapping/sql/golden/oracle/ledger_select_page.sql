SELECT "id", "folder", "uidvalidity", "imap_uid", "message_id", "activity_keys" FROM "mb_ledger" WHERE "mailbox" = ? AND "expunged" = 0 AND "imap_uid" > 0 AND "id" > ? ORDER BY "id" FETCH FIRST 200 ROWS ONLY
-- params: mailbox, after_id
