SELECT "id", "full_name", "owner_user_id", "email" FROM "contacts" WHERE (LOWER(TRIM("email")) IN (?))
-- params: a1
