CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"parent_id" uuid,
	"level" varchar(12) NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" varchar(300) NOT NULL,
	"category" varchar(12),
	"target" varchar(200),
	"methods" text[],
	"subject" varchar(200),
	"basis" text,
	"result_options" text[],
	"check_method" varchar(300),
	"yes_wording" varchar(200),
	"no_wording" varchar(200),
	"inherited" boolean DEFAULT false NOT NULL,
	"source_item_id" uuid,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"checklist_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" varchar(16) NOT NULL,
	"change_note" varchar(500),
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name" varchar(100) NOT NULL,
	"department_id" uuid,
	"region_code" char(6) NOT NULL,
	"base_checklist_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "directory_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"directory" varchar(16) NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"confirmed_by" uuid NOT NULL,
	"note" varchar(300)
);
--> statement-breakpoint
CREATE TABLE "entity_tag_members" (
	"tag_version_id" uuid NOT NULL,
	"entity_id" bigint NOT NULL,
	CONSTRAINT "entity_tag_members_tag_version_id_entity_id_pk" PRIMARY KEY("tag_version_id","entity_id")
);
--> statement-breakpoint
CREATE TABLE "entity_tag_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tag_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"criteria" jsonb NOT NULL,
	"member_count" integer NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"confirmed_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entity_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"name" varchar(60) NOT NULL,
	"description" varchar(300),
	"current_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(32) NOT NULL,
	"organisation" varchar(100) NOT NULL,
	"specialty" varchar(100) NOT NULL,
	"contact" varchar(40),
	"status" varchar(16) DEFAULT 'available' NOT NULL,
	"department_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_job_errors" (
	"job_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"column" varchar(60) NOT NULL,
	"message" varchar(300) NOT NULL,
	"cells" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(24) NOT NULL,
	"department_id" uuid,
	"user_id" uuid NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"mode" varchar(16) NOT NULL,
	"status" varchar(16) NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"message" varchar(300),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspector_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspector_id" uuid NOT NULL,
	"entity_id" bigint,
	"person_name" varchar(64),
	"reason" varchar(200) NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(32) NOT NULL,
	"gender" varchar(8),
	"department_id" uuid NOT NULL,
	"post" varchar(40),
	"certificate_no" varchar(40) NOT NULL,
	"certificate_valid_until" date,
	"expertise" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" varchar(20),
	"status" varchar(16) DEFAULT 'on_duty' NOT NULL,
	"region_code" char(6) NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "market_entities" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "market_entities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" varchar(32) NOT NULL,
	"code_type" varchar(16) NOT NULL,
	"name" varchar(200) NOT NULL,
	"name_initials" varchar(200) DEFAULT '' NOT NULL,
	"entity_type" varchar(24) NOT NULL,
	"legal_representative" varchar(64),
	"address" varchar(300),
	"region_code" char(6) NOT NULL,
	"industry_code" varchar(5),
	"business_scope" text,
	"registered_on" date,
	"status" varchar(16) NOT NULL,
	"risk_class" varchar(1),
	"abnormal_list" boolean DEFAULT false NOT NULL,
	"serious_violation" boolean DEFAULT false NOT NULL,
	"complaints_count" integer DEFAULT 0 NOT NULL,
	"owner_department_id" uuid,
	"last_inspected_on" date,
	"inspections_this_year" integer DEFAULT 0 NOT NULL,
	"inspections_year" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_version_id_checklist_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_checklist_id_checklists_id_fk" FOREIGN KEY ("checklist_id") REFERENCES "public"."checklists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklists" ADD CONSTRAINT "checklists_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_confirmations" ADD CONSTRAINT "directory_confirmations_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_tag_members" ADD CONSTRAINT "entity_tag_members_tag_version_id_entity_tag_versions_id_fk" FOREIGN KEY ("tag_version_id") REFERENCES "public"."entity_tag_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_tag_members" ADD CONSTRAINT "entity_tag_members_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_tag_versions" ADD CONSTRAINT "entity_tag_versions_tag_id_entity_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."entity_tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_tags" ADD CONSTRAINT "entity_tags_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_job_errors" ADD CONSTRAINT "import_job_errors_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_inspector_id_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspectors" ADD CONSTRAINT "inspectors_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspectors" ADD CONSTRAINT "inspectors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_entities" ADD CONSTRAINT "market_entities_owner_department_id_departments_id_fk" FOREIGN KEY ("owner_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checklist_items_version_idx" ON "checklist_items" USING btree ("version_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_items_code_uq" ON "checklist_items" USING btree ("version_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_versions_uq" ON "checklist_versions" USING btree ("checklist_id","version");--> statement-breakpoint
CREATE INDEX "checklists_department_idx" ON "checklists" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "checklists_region_idx" ON "checklists" USING btree ("region_code" bpchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "directory_confirmations_dept_idx" ON "directory_confirmations" USING btree ("department_id","directory","confirmed_at");--> statement-breakpoint
CREATE INDEX "entity_tag_members_entity_idx" ON "entity_tag_members" USING btree ("entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "entity_tag_versions_uq" ON "entity_tag_versions" USING btree ("tag_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "entity_tags_name_uq" ON "entity_tags" USING btree ("department_id","name") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "experts_department_idx" ON "experts" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "import_job_errors_job_idx" ON "import_job_errors" USING btree ("job_id","row");--> statement-breakpoint
CREATE INDEX "import_jobs_user_idx" ON "import_jobs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "inspector_conflicts_inspector_idx" ON "inspector_conflicts" USING btree ("inspector_id");--> statement-breakpoint
CREATE INDEX "inspector_conflicts_entity_idx" ON "inspector_conflicts" USING btree ("entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspectors_certificate_uq" ON "inspectors" USING btree ("certificate_no") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "inspectors_department_idx" ON "inspectors" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "inspectors_region_idx" ON "inspectors" USING btree ("region_code" bpchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "market_entities_code_uq" ON "market_entities" USING btree ("code");--> statement-breakpoint
CREATE INDEX "market_entities_region_idx" ON "market_entities" USING btree ("region_code" bpchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "market_entities_industry_idx" ON "market_entities" USING btree ("industry_code" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "market_entities_status_idx" ON "market_entities" USING btree ("status");--> statement-breakpoint
CREATE INDEX "market_entities_owner_idx" ON "market_entities" USING btree ("owner_department_id");--> statement-breakpoint
CREATE INDEX "market_entities_initials_idx" ON "market_entities" USING btree ("name_initials" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "market_entities_name_trgm_idx" ON "market_entities" USING gin ("name" gin_trgm_ops);