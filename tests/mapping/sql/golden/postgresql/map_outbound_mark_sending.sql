UPDATE "MAIL_QUEUE" SET "MQ_STATUS" = ? WHERE "MQ_ID" = ?
-- params: value, id
