DELETE FROM "MB_THREAD_WAIT" WHERE "PARENT_KEY" = ? AND "PERSON_KIND" = ? AND "PERSON_KEY" = ?
-- params: parent_key, person_kind, person_key
