INSERT INTO `mb_outbox_attachment` (`outbox_id`, `seq_no`, `file_name`, `content_type`, `file_path`) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `outbox_id` = `outbox_id`
-- params: outbox_id, seq_no, file_name, content_type, file_path
