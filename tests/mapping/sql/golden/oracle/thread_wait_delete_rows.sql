DELETE FROM "MB_THREAD_WAIT" WHERE ("PARENT_KEY" = ? AND "PERSON_KIND" = ? AND "PERSON_KEY" = ?) OR ("PARENT_KEY" = ? AND "PERSON_KIND" = ? AND "PERSON_KEY" = ?)
-- params: parent_key_1, person_kind_1, person_key_1, parent_key_2, person_kind_2, person_key_2
