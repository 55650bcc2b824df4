SELECT "MESSAGE_KEY", "PERSON_KIND", "PERSON_KEY", "ACTIVITY_KEY" FROM "MB_MESSAGE_ACTIVITY" WHERE "MESSAGE_KEY" IN (?, ?, ?)
-- params: message_key_1, message_key_2, message_key_3
