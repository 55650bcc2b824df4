SELECT [id], [email], [full_name] FROM [users] WHERE (active = 1)
-- params:
