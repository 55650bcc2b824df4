UPDATE [MAIL_QUEUE] SET [MQ_STATUS] = ?, [MSG_ID] = ? WHERE [MQ_ID] = ?
-- params: value, message_id, id
