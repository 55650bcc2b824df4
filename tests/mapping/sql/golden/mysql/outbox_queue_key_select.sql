SELECT `queue_key` FROM `mb_outbox` WHERE `id` = ?
-- params: id
