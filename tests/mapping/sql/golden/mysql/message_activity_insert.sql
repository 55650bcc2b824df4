INSERT INTO `mb_message_activity` (`message_key`, `person_kind`, `person_key`, `activity_key`, `subject_key`, `message_time`) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `message_key` = `message_key`
-- params: message_key, person_kind, person_key, activity_key, subject_key, message_time
