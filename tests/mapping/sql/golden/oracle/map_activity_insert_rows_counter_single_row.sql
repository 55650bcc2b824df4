-- key: id, before insert
UPDATE "last_id" SET "value" = "value" + ?
-- params: counter_count
-- then
SELECT "value" FROM "last_id"
-- params:
-- then
INSERT ALL INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?) INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?) SELECT 1 FROM DUAL
-- params: id, person_id, subject, id, person_id, subject
