SELECT "PARENT_KEY", "PERSON_KIND", "PERSON_KEY", "CHILD_ACTIVITY_KEY" FROM "MB_THREAD_WAIT" WHERE "PARENT_KEY" IN (?, ?, ?)
-- params: parent_key_1, parent_key_2, parent_key_3
