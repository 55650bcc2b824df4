INSERT INTO "mb_message_activity" ("message_key", "person_kind", "person_key", "activity_key") VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON CONFLICT ("message_key", "person_kind", "person_key") DO NOTHING
-- params: message_key_1, person_kind_1, person_key_1, activity_key_1, message_key_2, person_kind_2, person_key_2, activity_key_2
