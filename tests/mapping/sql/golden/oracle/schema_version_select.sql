SELECT "version" FROM "mb_schema_version" ORDER BY "version" DESC
-- params:
