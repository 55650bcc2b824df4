-- key: id, generated
INSERT INTO "ats"."activity" ("id", "person_id", "subject") VALUES (?, ?, ?), (?, ?, ?)
-- params: id, person_id, subject, id, person_id, subject
