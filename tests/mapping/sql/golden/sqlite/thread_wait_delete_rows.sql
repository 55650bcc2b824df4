DELETE FROM "mb_thread_wait" WHERE ("parent_key" = ? AND "person_kind" = ? AND "person_key" = ?) OR ("parent_key" = ? AND "person_kind" = ? AND "person_key" = ?)
-- params: parent_key_1, person_kind_1, person_key_1, parent_key_2, person_kind_2, person_key_2
