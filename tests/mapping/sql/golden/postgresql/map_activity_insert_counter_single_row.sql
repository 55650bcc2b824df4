-- key: id, before insert
UPDATE "last_id" SET "value" = "value" + 1 RETURNING "value"
-- params:
-- then
INSERT INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?)
-- params: id, person_id, subject
