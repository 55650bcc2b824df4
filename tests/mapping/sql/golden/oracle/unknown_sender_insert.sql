INSERT INTO "MB_UNKNOWN_SENDER" ("MAILBOX", "ADDRESS", "DISPLAY_NAME", "MESSAGE_ID", "SUBJECT") VALUES (?, ?, ?, ?, ?)
-- params: mailbox, address, display_name, message_id, subject
