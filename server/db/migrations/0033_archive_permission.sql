-- 一次一档 (issue #10 item 8): the built-in roles of databases created before this permission existed get the grant a
-- new database seeds from domain/access/roles.ts, appended; roles an administrator changed keep theirs.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY['inspection:archive:export']::text[]
WHERE "builtin" AND "key" IN ('system_admin', 'joint_office', 'dept_admin', 'dept_head') AND NOT ('inspection:archive:export' = ANY("permissions"));
