-- 年度计划 → 任务 → 抽取 (issue #9): the built-in roles of databases created before these permissions existed get the
-- same grants a new database seeds from domain/access/roles.ts. Roles an administrator changed keep their own keys
-- and receive only the additions, appended in order; nothing is removed.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['workflow:plan:list', 'workflow:task:list', 'workflow:draw:list', 'workflow:plan:approve', 'workflow:plan:void', 'workflow:task:approve', 'workflow:task:terminate', 'workflow:dispatch:confirm', 'workflow:replacement:approve', 'workflow:chain:manage']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'joint_office';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['workflow:plan:list', 'workflow:task:list', 'workflow:draw:list', 'workflow:plan:create', 'workflow:plan:update', 'workflow:task:create', 'workflow:task:update', 'workflow:draw:operate', 'workflow:draw:void', 'workflow:dispatch:confirm', 'workflow:matching:run', 'workflow:replacement:request']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'dept_admin';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['workflow:plan:list', 'workflow:task:list', 'workflow:draw:list', 'workflow:plan:approve', 'workflow:plan:void', 'workflow:task:approve', 'workflow:task:terminate', 'workflow:dispatch:confirm', 'workflow:replacement:approve']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'dept_head';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['workflow:plan:list', 'workflow:plan:approve']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'justice_reviewer';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['workflow:plan:list', 'workflow:task:list', 'workflow:draw:list', 'workflow:draw:supervise']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'draw_supervisor';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['workflow:task:list']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'inspector';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['workflow:plan:list', 'workflow:plan:create', 'workflow:plan:update', 'workflow:plan:approve', 'workflow:plan:void', 'workflow:chain:manage', 'workflow:task:list', 'workflow:task:create', 'workflow:task:update', 'workflow:task:approve', 'workflow:task:terminate', 'workflow:draw:list', 'workflow:draw:operate', 'workflow:draw:supervise', 'workflow:draw:void', 'workflow:dispatch:confirm', 'workflow:matching:run', 'workflow:replacement:request', 'workflow:replacement:approve']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'system_admin';
