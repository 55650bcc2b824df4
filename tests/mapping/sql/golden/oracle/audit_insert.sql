INSERT INTO "MB_AUDIT" ("MAILBOX", "ACTION", "DETAIL") VALUES (?, ?, ?)
-- params: mailbox, action, detail
