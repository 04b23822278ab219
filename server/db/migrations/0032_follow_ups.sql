-- 后续处置 (issue #10 item 7; domain/inspection/follow_up_states.ts): one follow-up per result that needs one, handled
-- inside the owner department, transferred to another department (谁主管、谁负责, 曲阳第22条) or to a judicial organ
-- (东胜 四（四）3: 做好告知移送记录), each ending 已完结 with its outcome.
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"result_id" uuid NOT NULL,
	"owner_department_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"status" varchar(16) DEFAULT 'open' NOT NULL,
	"measure" varchar(24),
	"due_date" date,
	"handler" varchar(100),
	"note" text,
	"automatic" boolean DEFAULT false NOT NULL,
	"receiver_department_id" uuid,
	"judicial_organ_kind" varchar(24),
	"judicial_organ_name" varchar(100),
	"transfer_reason" text,
	"transferred_by" uuid,
	"transferred_at" timestamp with time zone,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"return_reason" text,
	"returned_at" timestamp with time zone,
	"recheck_date" date,
	"recheck_rectified" boolean,
	"receipt_number" varchar(100),
	"receipt_date" date,
	"outcome" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_result_id_inspection_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."inspection_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_owner_department_id_departments_id_fk" FOREIGN KEY ("owner_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_receiver_department_id_departments_id_fk" FOREIGN KEY ("receiver_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_transferred_by_users_id_fk" FOREIGN KEY ("transferred_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_result_uq" ON "follow_ups" USING btree ("result_id");--> statement-breakpoint
CREATE INDEX "follow_ups_owner_status_idx" ON "follow_ups" USING btree ("owner_department_id","status");--> statement-breakpoint
CREATE INDEX "follow_ups_receiver_status_idx" ON "follow_ups" USING btree ("receiver_department_id","status");--> statement-breakpoint
-- The built-in roles of databases created before these permissions existed get the grants a new database seeds from
-- domain/access/roles.ts; roles an administrator changed keep theirs.
UPDATE "roles" SET "permissions" = "permissions" || ARRAY(SELECT p FROM unnest(ARRAY['inspection:follow_up:list', 'inspection:follow_up:handle', 'inspection:follow_up:transfer', 'inspection:follow_up:accept']::text[]) AS p WHERE NOT (p = ANY("permissions")))
WHERE "builtin" AND "key" IN ('joint_office', 'dept_admin', 'dept_head', 'system_admin');
