SELECT "message_key" FROM "mb_message_activity" WHERE "activity_key" = ?
-- params: activity_key
