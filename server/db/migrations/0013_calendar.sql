-- 工作日历 (issue #9 item 1): the years an administrator entered from the State Council's notice (the built-in
-- 2025 and 2026 schedules live in domain/calendar/holidays.ts), their days (放假 / 调休上班), and regional extra
-- holidays. Every change also moves app_meta 'calendar_version' so each app instance reloads its cached calendar.
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" varchar(200) NOT NULL,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name" varchar(20) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_year_calendar_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."calendar_years"("year") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "calendar_days_year_idx" ON "calendar_days" USING btree ("year");
--> statement-breakpoint
CREATE TABLE "regional_holidays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(6) NOT NULL,
	"date" date NOT NULL,
	"name" varchar(20) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "regional_holidays" ADD CONSTRAINT "regional_holidays_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "regional_holidays_uq" ON "regional_holidays" USING btree ("region_code","date") WHERE deleted_at is null;
--> statement-breakpoint
CREATE INDEX "regional_holidays_date_idx" ON "regional_holidays" USING btree ("date");
--> statement-breakpoint
-- Installations created before this migration: their built-in roles receive the 工作日历 permissions that
-- domain/access/roles.ts grants (new installations get them when the roles are seeded after the migrations).
UPDATE "roles" SET "permissions" = array_append("permissions", 'system:calendar:view')
WHERE "builtin" AND "deleted_at" IS NULL
  AND "key" IN ('system_admin', 'joint_office', 'dept_admin', 'dept_head', 'justice_reviewer', 'draw_supervisor', 'inspector')
  AND NOT ('system:calendar:view' = ANY("permissions"));
--> statement-breakpoint
UPDATE "roles" SET "permissions" = array_append("permissions", 'system:calendar:edit')
WHERE "builtin" AND "deleted_at" IS NULL AND "key" IN ('system_admin', 'joint_office')
  AND NOT ('system:calendar:edit' = ANY("permissions"));
