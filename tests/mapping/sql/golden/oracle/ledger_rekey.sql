UPDATE "MB_LEDGER" SET "UIDVALIDITY" = ?, "IMAP_UID" = ? WHERE "MAILBOX" = ? AND "FOLDER" = ? AND "UIDVALIDITY" = ? AND "IMAP_UID" = ?
-- params: new_uidvalidity, new_uid, mailbox, folder, uidvalidity, imap_uid
