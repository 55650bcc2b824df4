UPDATE `notes` SET `parent_id` = CASE `id` WHEN ? THEN ? WHEN ? THEN ? ELSE `parent_id` END WHERE `id` IN (?, ?)
-- params: key_1, parent_1, key_2, parent_2, key_1, key_2
