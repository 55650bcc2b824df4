INSERT INTO "mb_message_activity" ("message_key", "person_kind", "person_key", "activity_key", "subject_key", "message_time") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ("message_key", "person_kind", "person_key") DO NOTHING
-- params: message_key, person_kind, person_key, activity_key, subject_key, message_time
