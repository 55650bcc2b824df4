INSERT INTO [mb_thread_wait] ([parent_key], [person_kind], [person_key], [child_activity_key]) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM [mb_thread_wait] WHERE [parent_key] = ? AND [person_kind] = ? AND [person_key] = ? AND [child_activity_key] = ?)
-- params: parent_key, person_kind, person_key, child_activity_key, parent_key, person_kind, person_key, child_activity_key
