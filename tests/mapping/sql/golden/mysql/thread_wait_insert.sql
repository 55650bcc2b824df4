INSERT INTO `mb_thread_wait` (`parent_key`, `person_kind`, `person_key`, `child_activity_key`) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `parent_key` = `parent_key`
-- params: parent_key, person_kind, person_key, child_activity_key
