-- key: id, before insert
SELECT "ats"."activity_seq".NEXTVAL FROM DUAL
-- params:
-- then
INSERT INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?)
-- params: id, person_id, subject
