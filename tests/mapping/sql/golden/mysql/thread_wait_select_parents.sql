SELECT `parent_key`, `person_kind`, `person_key`, `child_activity_key` FROM `mb_thread_wait` WHERE `parent_key` IN (?, ?, ?)
-- params: parent_key_1, parent_key_2, parent_key_3
