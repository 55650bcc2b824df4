UPDATE "candidates" SET "email_bounced" = ? WHERE LOWER(TRIM("email")) = ? OR LOWER(TRIM("email2")) = ?
-- params: value, a1, a1
