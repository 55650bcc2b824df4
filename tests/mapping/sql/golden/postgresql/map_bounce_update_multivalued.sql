UPDATE "CAND" SET "EMAIL_BAD" = ? WHERE LOWER(TRIM("EMAIL")) = ? OR ';' || LOWER(REPLACE("OTHER_EMAILS", ' ', '')) || ';' LIKE ?
-- params: value, a1, p1
