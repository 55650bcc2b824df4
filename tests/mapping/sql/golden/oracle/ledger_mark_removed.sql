UPDATE "MB_LEDGER" SET "EXPUNGED" = ? WHERE "MAILBOX" = ? AND "FOLDER" = ? AND "UIDVALIDITY" = ? AND "IMAP_UID" = ?
-- params: expunged, mailbox, folder, uidvalidity, imap_uid
