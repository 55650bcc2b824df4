-- key: (none), none
INSERT INTO [ats].[activity] ([person_id], [subject]) VALUES (?, ?), (?, ?)
-- params: person_id, subject, person_id, subject
