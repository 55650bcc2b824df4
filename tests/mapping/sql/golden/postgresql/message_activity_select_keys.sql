SELECT "message_key", "person_kind", "person_key", "activity_key" FROM "mb_message_activity" WHERE "message_key" IN (?, ?, ?)
-- params: message_key_1, message_key_2, message_key_3
