SELECT [child_activity_key] FROM [mb_thread_wait] WHERE [parent_key] = ? AND [person_kind] = ? AND [person_key] = ?
-- params: parent_key, person_kind, person_key
