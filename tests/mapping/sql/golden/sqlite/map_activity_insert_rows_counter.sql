-- key: ACT_ID, before insert
UPDATE "COUNTERS" SET "NEXT_NO" = "NEXT_NO" + ? WHERE "NAME" = ?
-- params: counter_count, counter_name
-- then
SELECT "NEXT_NO" FROM "COUNTERS" WHERE "NAME" = ?
-- params: counter_name
-- then
INSERT INTO "ACTIONS" ("ACT_ID", "REF_TYPE", "REF_ID", "ACT_TYPE", "ACT_DATE", "ACT_TIME", "SUBJECT", "NOTES", "CONSULTANT", "MSG_REF") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
-- params: ACT_ID, REF_TYPE, REF_ID, ACT_TYPE, ACT_DATE, ACT_TIME, SUBJECT, NOTES, CONSULTANT, MSG_REF, ACT_ID, REF_TYPE, REF_ID, ACT_TYPE, ACT_DATE, ACT_TIME, SUBJECT, NOTES, CONSULTANT, MSG_REF, ACT_ID, REF_TYPE, REF_ID, ACT_TYPE, ACT_DATE, ACT_TIME, SUBJECT, NOTES, CONSULTANT, MSG_REF
