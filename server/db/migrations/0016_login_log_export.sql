-- 登录日志 export (issue #8 item 8): roles that may list the login log may export it, in databases created
-- before this permission existed. Built-in roles whose remark still cites another city's rule get the
-- deployment-neutral wording (issue #8 item 7).
UPDATE "roles" SET "permissions" = array_append("permissions", 'monitor:login-log:export')
WHERE "builtin" AND 'monitor:login-log:list' = ANY("permissions") AND NOT ('monitor:login-log:export' = ANY("permissions"));--> statement-breakpoint
UPDATE "roles" SET "remark" = '统筹本级及下级双随机工作' WHERE "builtin" AND "key" = 'joint_office' AND "remark" = '统筹本级及下级双随机工作（长春第3条、曲阳第3条）';--> statement-breakpoint
UPDATE "roles" SET "remark" = '审核年度抽查计划' WHERE "builtin" AND "key" = 'justice_reviewer' AND "remark" = '审核年度抽查计划（长春第8条）';--> statement-breakpoint
UPDATE "roles" SET "remark" = '监督随机抽取过程' WHERE "builtin" AND "key" = 'draw_supervisor' AND "remark" = '监督随机抽取过程（威海第3、6条）';
