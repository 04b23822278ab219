-- 统计分析与考核 (issue #11 item 4): the built-in roles of databases created before these permissions existed get the
-- grants a new database seeds from domain/access/roles.ts, appended in order; roles an administrator changed keep theirs.
-- The per-region weights live in approval_chain_settings (record type 'weights'), like the other per-region settings.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['statistics:dashboard:view', 'statistics:report:export', 'statistics:weights:edit']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" IN ('joint_office', 'system_admin');--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['statistics:dashboard:view', 'statistics:report:export']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" IN ('dept_admin', 'dept_head');
