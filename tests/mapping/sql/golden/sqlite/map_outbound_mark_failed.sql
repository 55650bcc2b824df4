UPDATE "MAIL_QUEUE" SET "MQ_STATUS" = ?, "ERR_TEXT" = ? WHERE "MQ_ID" = ?
-- params: value, reason, id
