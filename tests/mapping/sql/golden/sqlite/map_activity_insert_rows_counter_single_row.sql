-- key: id, before insert
UPDATE "last_id" SET "value" = "value" + ?
-- params: counter_count
-- then
SELECT "value" FROM "last_id"
-- params:
-- then
INSERT INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?), (?, ?, ?)
-- params: id, person_id, subject, id, person_id, subject
