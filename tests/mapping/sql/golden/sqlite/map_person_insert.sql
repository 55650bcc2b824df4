-- key: id, after insert
INSERT INTO "candidates" ("first_name", "last_name", "full_name", "email", "owner_user_id") VALUES (?, ?, ?, ?, ?)
-- params: first_name, last_name, full_name, email, owner_user_id
-- then
SELECT last_insert_rowid()
-- params:
