-- 检查方式: one vocabulary for checklists and results (domain/inspection/categories.ts CHECK_METHODS). The checklist
-- items' former keys become the results' ones: document → documents, third_party → agency.
UPDATE "checklist_items" SET "methods" = array_replace(array_replace("methods", 'document', 'documents'), 'third_party', 'agency')
WHERE "methods" && ARRAY['document', 'third_party']::text[];
--> statement-breakpoint
-- Plans and tasks keep 检查方式 as its words; the former 「委托第三方」 reads 「委托专业机构」 in the drafts still edited
-- (an approved plan or task stays as it was issued).
UPDATE "plan_versions" SET "content" = replace("plan_versions"."content"::text, '"委托第三方"', '"委托专业机构"')::jsonb
FROM "plans"
WHERE "plans"."id" = "plan_versions"."plan_id" AND "plans"."version" = "plan_versions"."version" AND "plan_versions"."published_at" IS NULL
  AND "plans"."status" IN ('draft', 'returned') AND "plan_versions"."content"::text LIKE '%"委托第三方"%';
--> statement-breakpoint
UPDATE "tasks" SET "spec" = replace("spec"::text, '"委托第三方"', '"委托专业机构"')::jsonb
WHERE "status" = 'draft' AND "spec"::text LIKE '%"委托第三方"%';
