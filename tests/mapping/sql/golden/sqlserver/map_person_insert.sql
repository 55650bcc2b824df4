-- key: id, from insert
INSERT INTO [candidates] ([first_name], [last_name], [full_name], [email], [owner_user_id]) OUTPUT INSERTED.[id] VALUES (?, ?, ?, ?, ?)
-- params: first_name, last_name, full_name, email, owner_user_id
