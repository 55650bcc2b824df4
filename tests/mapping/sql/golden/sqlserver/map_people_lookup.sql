SELECT [id], [full_name], [owner_user_id], [no_email_log], [email], [email2] FROM [candidates] WHERE (LOWER(TRIM([email])) IN (?, ?, ?) OR LOWER(TRIM([email2])) IN (?, ?, ?)) AND (deleted = 0)
-- params: a1, a2, a3, a1, a2, a3
