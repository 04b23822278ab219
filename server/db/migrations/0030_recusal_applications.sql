-- 回避申请 (issue #8 item 8; 威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」, 长春第13条): an inspector applies
-- to be recused from an entity or from a team assignment, with a reason; the head of the inspector's department (or the
-- 双随机办) approves or rejects. An approved application becomes a declared conflict (inspector_conflicts), which the
-- matching engine excludes, and for an assignment also a pending replacement (替换, reason 执法回避).
CREATE TABLE "recusal_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspector_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"entity_id" bigint NOT NULL,
	"team_member_id" uuid,
	"reason" varchar(200) NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"applied_by" uuid NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" varchar(200),
	"conflict_id" uuid,
	"replacement_id" uuid,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recusal_applications" ADD CONSTRAINT "recusal_applications_inspector_id_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_applications" ADD CONSTRAINT "recusal_applications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_applications" ADD CONSTRAINT "recusal_applications_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_applications" ADD CONSTRAINT "recusal_applications_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_applications" ADD CONSTRAINT "recusal_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recusal_applications_department_idx" ON "recusal_applications" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "recusal_applications_inspector_idx" ON "recusal_applications" USING btree ("inspector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recusal_applications_one_pending_uq" ON "recusal_applications" USING btree ("inspector_id","entity_id") WHERE status = 'pending';--> statement-breakpoint
-- The built-in roles of databases created before these permissions existed get the grants a new database seeds from
-- domain/access/roles.ts; roles an administrator changed keep theirs.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['directory:recusal:apply']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" IN ('inspector', 'dept_admin');--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['directory:recusal:decide']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'dept_head';--> statement-breakpoint
-- The 双随机办 decides, and holds the applicants' key too because it manages their accounts.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['directory:recusal:apply', 'directory:recusal:decide']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" IN ('joint_office', 'system_admin');
