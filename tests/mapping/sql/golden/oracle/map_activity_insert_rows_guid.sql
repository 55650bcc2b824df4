-- key: id, generated
INSERT ALL INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?) INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?) SELECT 1 FROM DUAL
-- params: id, person_id, subject, id, person_id, subject
