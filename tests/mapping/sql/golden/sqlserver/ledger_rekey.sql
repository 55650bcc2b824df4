UPDATE [mb_ledger] SET [uidvalidity] = ?, [imap_uid] = ? WHERE [mailbox] = ? AND [folder] = ? AND [uidvalidity] = ? AND [imap_uid] = ?
-- params: new_uidvalidity, new_uid, mailbox, folder, uidvalidity, imap_uid
