INSERT INTO "mb_thread_wait" ("parent_key", "person_kind", "person_key", "child_activity_key") VALUES (?, ?, ?, ?) ON CONFLICT ("parent_key", "person_kind", "person_key", "child_activity_key") DO NOTHING
-- params: parent_key, person_kind, person_key, child_activity_key
