-- key: id, from insert
INSERT INTO "candidates" ("first_name", "last_name", "full_name", "email", "owner_user_id") VALUES (?, ?, ?, ?, ?) RETURNING "id"
-- params: first_name, last_name, full_name, email, owner_user_id
