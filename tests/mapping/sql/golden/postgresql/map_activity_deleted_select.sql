SELECT "id", CASE WHEN "deleted" = ? THEN 1 ELSE 0 END FROM "notes" WHERE "id" IN (?, ?, ?)
-- params: value, k1, k2, k3
