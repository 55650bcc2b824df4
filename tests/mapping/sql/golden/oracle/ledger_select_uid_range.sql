SELECT "IMAP_UID" FROM "MB_LEDGER" WHERE "MAILBOX" = ? AND "FOLDER" = ? AND "UIDVALIDITY" = ? AND "IMAP_UID" >= ? AND "IMAP_UID" <= ? AND "EXPUNGED" = 0 ORDER BY "IMAP_UID"
-- params: mailbox, folder, uidvalidity, first_uid, last_uid
