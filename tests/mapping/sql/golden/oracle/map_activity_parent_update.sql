UPDATE "notes" SET "parent_id" = ? WHERE "id" = ?
-- params: parent, key
