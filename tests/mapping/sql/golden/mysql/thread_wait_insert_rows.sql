INSERT INTO `mb_thread_wait` (`parent_key`, `person_kind`, `person_key`, `child_activity_key`) VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `parent_key` = `parent_key`
-- params: parent_key_1, person_kind_1, person_key_1, child_activity_key_1, parent_key_2, person_kind_2, person_key_2, child_activity_key_2
