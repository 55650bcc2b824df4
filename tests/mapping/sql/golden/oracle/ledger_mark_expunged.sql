UPDATE "mb_ledger" SET "expunged" = 1 WHERE "mailbox" = ? AND "folder" = ? AND "uidvalidity" = ? AND "imap_uid" = ? AND "expunged" = 0
-- params: mailbox, folder, uidvalidity, imap_uid
