INSERT INTO "mb_unknown_sender" ("mailbox", "address", "display_name", "message_id", "subject") VALUES (?, ?, ?, ?, ?)
-- params: mailbox, address, display_name, message_id, subject
