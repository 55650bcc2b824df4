UPDATE "MB_LEDGER" SET "EXPUNGED" = 1 WHERE "MAILBOX" = ? AND "FOLDER" = ? AND "UIDVALIDITY" = ? AND "IMAP_UID" = ? AND "EXPUNGED" = 0
-- params: mailbox, folder, uidvalidity, imap_uid
