CREATE TABLE "inspection_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"task_object_id" uuid NOT NULL,
	"entity_id" bigint NOT NULL,
	"department_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"status" varchar(16) DEFAULT 'draft' NOT NULL,
	"check_date" date,
	"check_method" varchar(24),
	"result_category" varchar(40),
	"disposal" varchar(24),
	"item_findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"signature" jsonb,
	"completed_without_check" boolean DEFAULT false NOT NULL,
	"withheld" jsonb,
	"entered_by" uuid,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"submit_client_id" varchar(64),
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comments" text,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"entry_due" date,
	"publish_due" date,
	"due_provisional" boolean DEFAULT false NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_object_id" uuid NOT NULL,
	"client_id" varchar(64) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"mime" varchar(64) NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"result_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"reason" text NOT NULL,
	"changes" jsonb NOT NULL,
	"source" varchar(16) DEFAULT 'staff' NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comments" text,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_task_object_id_task_objects_id_fk" FOREIGN KEY ("task_object_id") REFERENCES "public"."task_objects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_attachments" ADD CONSTRAINT "result_attachments_task_object_id_task_objects_id_fk" FOREIGN KEY ("task_object_id") REFERENCES "public"."task_objects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_attachments" ADD CONSTRAINT "result_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_corrections" ADD CONSTRAINT "result_corrections_result_id_inspection_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."inspection_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_corrections" ADD CONSTRAINT "result_corrections_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_corrections" ADD CONSTRAINT "result_corrections_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_results_task_object_uq" ON "inspection_results" USING btree ("task_object_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_results_submit_client_uq" ON "inspection_results" USING btree ("submit_client_id");--> statement-breakpoint
CREATE INDEX "inspection_results_department_status_idx" ON "inspection_results" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "inspection_results_task_idx" ON "inspection_results" USING btree ("task_id","status");--> statement-breakpoint
CREATE INDEX "inspection_results_entity_idx" ON "inspection_results" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "inspection_results_region_idx" ON "inspection_results" USING btree ("region_code" bpchar_pattern_ops,"published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "result_attachments_client_uq" ON "result_attachments" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "result_attachments_object_idx" ON "result_attachments" USING btree ("task_object_id");--> statement-breakpoint
CREATE UNIQUE INDEX "result_corrections_result_seq_uq" ON "result_corrections" USING btree ("result_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "result_corrections_one_pending_uq" ON "result_corrections" USING btree ("result_id") WHERE status = 'pending';--> statement-breakpoint
-- 一公开 (长春第19–20条): a published result never changes, whoever asks — the code, an administrator with SQL, a
-- tampered client. It is corrected only by an approved result_corrections row, itself frozen once approved.
CREATE FUNCTION suiji_refuse_published_result() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION '检查结果不可整表清空' USING ERRCODE = 'SJ409';
  END IF;
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION '已公示的检查结果不可修改或删除，更正须经主要负责人批准后另行公示' USING ERRCODE = 'SJ409';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER inspection_results_frozen_when_published BEFORE UPDATE OR DELETE ON inspection_results FOR EACH ROW EXECUTE FUNCTION suiji_refuse_published_result();
--> statement-breakpoint
CREATE TRIGGER inspection_results_no_truncate BEFORE TRUNCATE ON inspection_results FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_published_result();
--> statement-breakpoint
CREATE FUNCTION suiji_refuse_approved_correction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION '结果更正记录不可整表清空' USING ERRCODE = 'SJ409';
  END IF;
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION '已批准并公示的更正不可修改或删除' USING ERRCODE = 'SJ409';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER result_corrections_frozen_when_approved BEFORE UPDATE OR DELETE ON result_corrections FOR EACH ROW EXECUTE FUNCTION suiji_refuse_approved_correction();
--> statement-breakpoint
CREATE TRIGGER result_corrections_no_truncate BEFORE TRUNCATE ON result_corrections FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_approved_correction();
--> statement-breakpoint
-- The attachments of a published result are part of it: none added, changed or removed afterwards.
CREATE FUNCTION suiji_refuse_attachment_after_publication() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION '检查附件不可整表清空' USING ERRCODE = 'SJ409';
  END IF;
  IF EXISTS (SELECT 1 FROM inspection_results r WHERE r.task_object_id = (CASE WHEN TG_OP = 'INSERT' THEN NEW.task_object_id ELSE OLD.task_object_id END) AND r.status = 'published') THEN
    RAISE EXCEPTION '检查结果已公示，附件不可增加、修改或删除' USING ERRCODE = 'SJ409';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER result_attachments_frozen_when_published BEFORE INSERT OR UPDATE OR DELETE ON result_attachments FOR EACH ROW EXECUTE FUNCTION suiji_refuse_attachment_after_publication();
--> statement-breakpoint
CREATE TRIGGER result_attachments_no_truncate BEFORE TRUNCATE ON result_attachments FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_attachment_after_publication();
