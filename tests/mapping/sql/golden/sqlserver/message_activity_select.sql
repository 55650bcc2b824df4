SELECT [activity_key] FROM [mb_message_activity] WHERE [message_key] = ? AND [person_kind] = ? AND [person_key] = ?
-- params: message_key, person_kind, person_key
