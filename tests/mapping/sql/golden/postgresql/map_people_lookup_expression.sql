SELECT "branch", "no", (first_name || ' ' || last_name), "mail", "created" FROM "ats"."person" WHERE (';' || LOWER(REPLACE(REPLACE("mail", ' ', ''), ',', ';')) || ';' LIKE ? OR ';' || LOWER(REPLACE(REPLACE("mail", ' ', ''), ',', ';')) || ';' LIKE ?) AND (kind IN ('C', 'K'))
-- params: p1, p2
