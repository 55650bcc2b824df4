SELECT "email", "email2" FROM "candidates" WHERE (deleted = 0)
-- params:
