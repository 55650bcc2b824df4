SELECT "IMAP_UID" FROM "MB_LEDGER" WHERE "MAILBOX" = ? AND "FOLDER" = ? AND "UIDVALIDITY" = ? AND "IMAP_UID" IN (?, ?, ?)
-- params: mailbox, folder, uidvalidity, imap_uid_1, imap_uid_2, imap_uid_3
