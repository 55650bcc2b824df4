SELECT `subject_key`, `person_kind`, `person_key`, `activity_key`, `message_time`, `message_key` FROM `mb_message_activity` WHERE `subject_key` IN (?, ?, ?)
-- params: subject_key_1, subject_key_2, subject_key_3
