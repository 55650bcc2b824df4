INSERT INTO [mb_message_activity] ([message_key], [person_kind], [person_key], [activity_key], [subject_key], [message_time]) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM [mb_message_activity] WHERE [message_key] = ? AND [person_kind] = ? AND [person_key] = ?)
-- params: message_key, person_kind, person_key, activity_key, subject_key, message_time, message_key, person_kind, person_key
