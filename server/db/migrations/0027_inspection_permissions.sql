-- 检查实施与结果 (issue #10): the built-in roles of databases created before these permissions existed get the same
-- grants a new database seeds from domain/access/roles.ts, appended in order; roles an administrator changed keep theirs.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:object:list', 'inspection:result:list', 'inspection:result:enter', 'inspection:notice:issue', 'inspection:result:review', 'inspection:result:publish', 'inspection:correction:request', 'inspection:correction:approve']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'joint_office';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:object:list', 'inspection:result:list', 'inspection:result:enter', 'inspection:notice:issue', 'inspection:result:review', 'inspection:result:publish', 'inspection:correction:request']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'dept_admin';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:object:list', 'inspection:result:list', 'inspection:result:review', 'inspection:result:publish', 'inspection:correction:approve']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'dept_head';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:object:list', 'inspection:result:list', 'inspection:result:enter', 'inspection:notice:issue']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'inspector';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:object:list', 'inspection:result:list', 'inspection:result:enter', 'inspection:result:review', 'inspection:result:publish', 'inspection:correction:request', 'inspection:correction:approve', 'inspection:notice:issue']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'system_admin';
