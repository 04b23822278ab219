-- 年度计划 → 任务 → 抽取 (issue #9): approval-chain settings per region, plans and their versions, the approval
-- history of plans and tasks, tasks (实施方案), draw attempts and the objects each draw selected or reserved.
CREATE TABLE "approval_chain_settings" (
	"region_code" char(6) NOT NULL,
	"record_type" varchar(8) NOT NULL,
	"chain" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_chain_settings_region_code_record_type_pk" PRIMARY KEY("region_code","record_type")
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_type" varchar(8) NOT NULL,
	"record_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"step_index" integer,
	"step_key" varchar(40),
	"step_label" varchar(60),
	"decision" varchar(16) NOT NULL,
	"comments" text,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draw_objects" (
	"draw_id" uuid NOT NULL,
	"entity_id" bigint NOT NULL,
	"stratum" varchar(40) NOT NULL,
	"rank" integer NOT NULL,
	"reserve" boolean DEFAULT false NOT NULL,
	CONSTRAINT "draw_objects_draw_id_entity_id_pk" PRIMARY KEY("draw_id","entity_id")
);
--> statement-breakpoint
CREATE TABLE "draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"attempt" integer NOT NULL,
	"previous_draw_id" uuid,
	"operator_id" uuid NOT NULL,
	"required_supervisors" integer DEFAULT 1 NOT NULL,
	"supervisor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" varchar(24) DEFAULT 'preparing' NOT NULL,
	"void_reason" text,
	"protocol" varchar(24) DEFAULT 'suiji-draw/2' NOT NULL,
	"draw_date" date,
	"pool_size" integer,
	"commitment" jsonb,
	"commitment_hash" char(64),
	"commit_log_seq" bigint,
	"source_values" jsonb,
	"receipt" jsonb,
	"receipt_hash" char(64),
	"row_version" integer DEFAULT 1 NOT NULL,
	"committed_at" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "plan_versions_plan_id_version_pk" PRIMARY KEY("plan_id","version")
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(16) NOT NULL,
	"year" integer NOT NULL,
	"name" varchar(200) NOT NULL,
	"lead_department_id" uuid NOT NULL,
	"participating_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"region_code" char(6) NOT NULL,
	"chain" jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'draft' NOT NULL,
	"step_index" integer DEFAULT 0 NOT NULL,
	"submitted_by" uuid,
	"submitted_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"published_version" integer,
	"adjustment" jsonb,
	"return_comments" text,
	"void_reason" text,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(40) NOT NULL,
	"plan_id" uuid,
	"plan_task_key" varchar(40),
	"kind" varchar(16) NOT NULL,
	"year" integer NOT NULL,
	"name" varchar(200) NOT NULL,
	"lead_department_id" uuid NOT NULL,
	"participating_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"region_code" char(6) NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"spec" jsonb NOT NULL,
	"chain" jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'draft' NOT NULL,
	"step_index" integer DEFAULT 0 NOT NULL,
	"submitted_by" uuid,
	"return_comments" text,
	"termination_reason" text,
	"published_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_chain_settings" ADD CONSTRAINT "approval_chain_settings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_chain_settings" ADD CONSTRAINT "approval_chain_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_objects" ADD CONSTRAINT "draw_objects_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_objects" ADD CONSTRAINT "draw_objects_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approvals_record_idx" ON "approvals" USING btree ("record_type","record_id","created_at");--> statement-breakpoint
CREATE INDEX "draw_objects_entity_idx" ON "draw_objects" USING btree ("entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "draws_task_attempt_uq" ON "draws" USING btree ("task_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "draws_one_running_uq" ON "draws" USING btree ("task_id") WHERE status in ('preparing', 'committed', 'supervisor_confirmed', 'seed_entered', 'drawn');--> statement-breakpoint
CREATE INDEX "draws_region_idx" ON "draws" USING btree ("region_code" bpchar_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "plans_region_year_idx" ON "plans" USING btree ("region_code" bpchar_pattern_ops,"year");--> statement-breakpoint
CREATE INDEX "plans_lead_department_idx" ON "plans" USING btree ("lead_department_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_code_uq" ON "tasks" USING btree ("code");--> statement-breakpoint
CREATE INDEX "tasks_region_year_idx" ON "tasks" USING btree ("region_code" bpchar_pattern_ops,"year");--> statement-breakpoint
CREATE INDEX "tasks_lead_department_idx" ON "tasks" USING btree ("lead_department_id","year");--> statement-breakpoint
CREATE INDEX "tasks_plan_idx" ON "tasks" USING btree ("plan_id");