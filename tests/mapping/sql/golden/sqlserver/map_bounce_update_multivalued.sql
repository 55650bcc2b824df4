UPDATE [CAND] SET [EMAIL_BAD] = ? WHERE LOWER(TRIM([EMAIL])) = ? OR CONCAT(';', LOWER(REPLACE([OTHER_EMAILS], ' ', '')), ';') LIKE ?
-- params: value, a1, p1
