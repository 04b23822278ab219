-- Entity import jobs: staging table (unlogged: nothing in it needs to survive a crash), progress and heartbeat on import_jobs,
-- and the code index as varchar_pattern_ops so it serves code-prefix search as well as uniqueness and ON CONFLICT.
CREATE TABLE "entity_import_rows" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"code" varchar(32) NOT NULL,
	"code_type" varchar(16) NOT NULL,
	"name" varchar(200) NOT NULL,
	"name_initials" varchar(200) NOT NULL,
	"entity_type" varchar(24) NOT NULL,
	"legal_representative" varchar(64),
	"address" varchar(300),
	"region_code" char(6) NOT NULL,
	"industry_code" varchar(5),
	"business_scope" text,
	"registered_on" date,
	"status" varchar(16) NOT NULL,
	"risk_class" varchar(1),
	"abnormal_list" boolean,
	"serious_violation" boolean,
	"complaints_count" integer,
	"owner_department_id" uuid NOT NULL,
	CONSTRAINT "entity_import_rows_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
ALTER TABLE "entity_import_rows" SET UNLOGGED;
--> statement-breakpoint
DROP INDEX "market_entities_code_uq";--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "progress" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "market_entities_code_uq" ON "market_entities" USING btree ("code" varchar_pattern_ops);