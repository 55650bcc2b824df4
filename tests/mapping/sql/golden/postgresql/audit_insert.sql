INSERT INTO "mb_audit" ("mailbox", "action", "detail") VALUES (?, ?, ?)
-- params: mailbox, action, detail
