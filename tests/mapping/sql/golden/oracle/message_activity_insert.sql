INSERT INTO "MB_MESSAGE_ACTIVITY" ("MESSAGE_KEY", "PERSON_KIND", "PERSON_KEY", "ACTIVITY_KEY") SELECT ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "MB_MESSAGE_ACTIVITY" WHERE "MESSAGE_KEY" = ? AND "PERSON_KIND" = ? AND "PERSON_KEY" = ?)
-- params: message_key, person_kind, person_key, activity_key, message_key, person_kind, person_key
