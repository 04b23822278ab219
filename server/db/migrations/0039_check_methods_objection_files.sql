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
--> statement-breakpoint
-- 异议的证明材料 (issue #10 item 6): files an entity attaches to its online objection, checked by content like the
-- result attachments (≤10 MB, SHA-256 stored); never changed or removed once stored.
CREATE TABLE "objection_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"objection_id" uuid NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"mime" varchar(64) NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"content" bytea NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "objection_attachments" ADD CONSTRAINT "objection_attachments_objection_id_objections_id_fk" FOREIGN KEY ("objection_id") REFERENCES "public"."objections"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "objection_attachments_objection_idx" ON "objection_attachments" USING btree ("objection_id");
