-- key: id, before insert
UPDATE "last_id" SET "value" = "value" + ? RETURNING "value"
-- params: counter_count
-- then
INSERT INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?), (?, ?, ?)
-- params: id, person_id, subject, id, person_id, subject
