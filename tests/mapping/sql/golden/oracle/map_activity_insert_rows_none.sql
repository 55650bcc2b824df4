-- key: (none), none
INSERT ALL INTO "ats"."activity" ("person_id", "subject") VALUES (?, ?) INTO "ats"."activity" ("person_id", "subject") VALUES (?, ?) SELECT 1 FROM DUAL
-- params: person_id, subject, person_id, subject
