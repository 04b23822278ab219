-- 异议与复核 (issue #10 item 6; 威海第11条 「检查对象对检查结果有异议的，相关监管科室在收到申请材料之日起20个工作日内进行复查，
-- 经复查确有错误的予以更正。复查情况自作出复查结果之日起15个工作日内反馈检查对象」). An entity objects online after signing in
-- with a code sent to its registered contact, or staff enter an objection received at the counter or by mail.
-- The registered contact lives beside market_entities (the 1M-row import path does not change); the phone number is
-- never in a public answer.
CREATE TABLE "entity_contacts" (
	"entity_id" bigint PRIMARY KEY NOT NULL,
	"phone" varchar(11) NOT NULL,
	"source" varchar(16) NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "entity_contacts" ADD CONSTRAINT "entity_contacts_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_contacts" ADD CONSTRAINT "entity_contacts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A sign-in code: only its SHA-256 is stored; valid 10 minutes, at most 5 attempts, used once.
CREATE TABLE "entity_sign_in_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_id" bigint NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"ip" varchar(64)
);
--> statement-breakpoint
ALTER TABLE "entity_sign_in_codes" ADD CONSTRAINT "entity_sign_in_codes_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entity_sign_in_codes_entity_idx" ON "entity_sign_in_codes" USING btree ("entity_id","created_at");--> statement-breakpoint
-- An entity's session: scoped to that one entity, short-lived, never a staff session (its own table and cookie).
CREATE TABLE "entity_sessions" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"entity_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" varchar(64)
);
--> statement-breakpoint
ALTER TABLE "entity_sessions" ADD CONSTRAINT "entity_sessions_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"result_id" uuid NOT NULL,
	"entity_id" bigint NOT NULL,
	"department_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"channel" varchar(16) NOT NULL,
	"received_on" date NOT NULL,
	"reason" text NOT NULL,
	"contact_name" varchar(64),
	"status" varchar(16) DEFAULT 'received' NOT NULL,
	"review_due" date NOT NULL,
	"feedback_due" date NOT NULL,
	"due_provisional" boolean DEFAULT false NOT NULL,
	"entered_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"review_started_by" uuid,
	"review_started_at" timestamp with time zone,
	"decision_comments" text,
	"decided_by" uuid,
	"decided_on" date,
	"correction_id" uuid,
	"feedback" text,
	"feedback_method" varchar(16),
	"fed_back_by" uuid,
	"fed_back_on" date,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_result_id_inspection_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."inspection_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_review_started_by_users_id_fk" FOREIGN KEY ("review_started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_correction_id_result_corrections_id_fk" FOREIGN KEY ("correction_id") REFERENCES "public"."result_corrections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_fed_back_by_users_id_fk" FOREIGN KEY ("fed_back_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "objections_department_idx" ON "objections" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "objections_entity_idx" ON "objections" USING btree ("entity_id");--> statement-breakpoint
-- One objection under review per result at a time: a second one waits for the first's decision.
CREATE UNIQUE INDEX "objections_one_open_uq" ON "objections" USING btree ("result_id") WHERE status IN ('received', 'reviewing');--> statement-breakpoint
-- The built-in roles of databases created before these permissions existed get the grants a new database seeds from
-- domain/access/roles.ts; roles an administrator changed keep theirs.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:objection:list', 'inspection:objection:enter', 'inspection:objection:review']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" IN ('dept_admin', 'system_admin');--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:objection:list', 'inspection:objection:review']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'dept_head';--> statement-breakpoint
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:objection:list', 'inspection:objection:enter', 'inspection:objection:review']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" = 'joint_office';
