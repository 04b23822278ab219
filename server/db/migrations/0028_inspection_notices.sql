-- 行政检查通知书 (issue #10 item 1; 渝北 二（五）附件2, 长春第17条): one numbered notice per inspection object, numbered per
-- issuing department and year without gaps (notice_counters, incremented in the issuing transaction), its delivery
-- (送达) recorded with optimistic concurrency, and an optional per-department number prefix (文号前缀).
CREATE TABLE "notice_counters" (
	"department_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_serial" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "notice_counters_pk" PRIMARY KEY ("department_id", "year")
);
--> statement-breakpoint
CREATE TABLE "notice_number_settings" (
	"department_id" uuid PRIMARY KEY NOT NULL,
	"prefix" varchar(60) NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"task_object_id" uuid NOT NULL,
	"entity_id" bigint NOT NULL,
	"department_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"serial" integer NOT NULL,
	"number" varchar(120) NOT NULL,
	"inspection_date" date,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"delivery_method" varchar(16),
	"delivered_at" timestamp with time zone,
	"delivery_recipient" varchar(64),
	"delivery_note" text,
	"delivery_recorded_by" uuid,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_notices_serial_positive" CHECK ("serial" > 0),
	CONSTRAINT "inspection_notices_delivery_method_check" CHECK ("delivery_method" IS NULL OR "delivery_method" IN ('direct', 'mail', 'electronic', 'left_at_premises'))
);
--> statement-breakpoint
ALTER TABLE "notice_counters" ADD CONSTRAINT "notice_counters_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_number_settings" ADD CONSTRAINT "notice_number_settings_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_number_settings" ADD CONSTRAINT "notice_number_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_notices" ADD CONSTRAINT "inspection_notices_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_notices" ADD CONSTRAINT "inspection_notices_task_object_id_task_objects_id_fk" FOREIGN KEY ("task_object_id") REFERENCES "public"."task_objects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_notices" ADD CONSTRAINT "inspection_notices_entity_id_market_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."market_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_notices" ADD CONSTRAINT "inspection_notices_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_notices" ADD CONSTRAINT "inspection_notices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_notices" ADD CONSTRAINT "inspection_notices_delivery_recorded_by_users_id_fk" FOREIGN KEY ("delivery_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_notices_task_object_uq" ON "inspection_notices" USING btree ("task_object_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_notices_number_uq" ON "inspection_notices" USING btree ("department_id","year","serial");--> statement-breakpoint
CREATE INDEX "inspection_notices_task_idx" ON "inspection_notices" USING btree ("task_id");
