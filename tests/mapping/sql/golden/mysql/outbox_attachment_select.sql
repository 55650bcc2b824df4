SELECT `file_name`, `content_type`, `content`, `file_path` FROM `mb_outbox_attachment` WHERE `outbox_id` = ? ORDER BY `seq_no`
-- params: outbox_id
