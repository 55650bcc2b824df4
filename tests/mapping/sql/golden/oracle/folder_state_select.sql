SELECT "uidvalidity", "last_uid", "highest_modseq", "backfill_floor", "state_version" FROM "mb_folder_state" WHERE "mailbox" = ? AND "folder" = ?
-- params: mailbox, folder
