SELECT "ACTIVITY_KEY" FROM "MB_MESSAGE_ACTIVITY" WHERE "MESSAGE_KEY" = ? AND "PERSON_KIND" = ? AND "PERSON_KEY" = ?
-- params: message_key, person_kind, person_key
