SELECT [imap_uid] FROM [mb_ledger] WHERE [mailbox] = ? AND [folder] = ? AND [uidvalidity] = ? AND [imap_uid] >= ? AND [imap_uid] <= ? AND [expunged] = 0 ORDER BY [imap_uid]
-- params: mailbox, folder, uidvalidity, first_uid, last_uid
