INSERT INTO "MB_THREAD_WAIT" ("PARENT_KEY", "PERSON_KIND", "PERSON_KEY", "CHILD_ACTIVITY_KEY") SELECT ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "MB_THREAD_WAIT" WHERE "PARENT_KEY" = ? AND "PERSON_KIND" = ? AND "PERSON_KEY" = ? AND "CHILD_ACTIVITY_KEY" = ?)
-- params: parent_key, person_kind, person_key, child_activity_key, parent_key, person_kind, person_key, child_activity_key
