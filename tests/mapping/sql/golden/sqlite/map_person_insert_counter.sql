-- key: CAND_ID, before insert
UPDATE "COUNTERS" SET "NEXT_NO" = "NEXT_NO" + 1 WHERE "NAME" = ?
-- params: counter_name
-- then
SELECT "NEXT_NO" FROM "COUNTERS" WHERE "NAME" = ?
-- params: counter_name
-- then
INSERT INTO "CAND" ("CAND_ID", "SURNAME", "FORENAME", "EMAIL", "CONSULTANT", "STATUS") VALUES (?, ?, ?, ?, ?, ?)
-- params: CAND_ID, SURNAME, FORENAME, EMAIL, CONSULTANT, STATUS
