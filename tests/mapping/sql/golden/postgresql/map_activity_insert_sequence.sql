-- key: id, before insert
SELECT nextval('"ats"."activity_seq"')
-- params:
-- then
INSERT INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?)
-- params: id, person_id, subject
