-- An all_or_nothing entity import writes its new records in short transactions before it commits
-- (docs/decisions/0007-import-apply-without-blocking.md): each such record carries the job that wrote it, and is
-- hidden from every read while that job is listed in entity_imports_pending. The import's last, short transaction
-- deletes the job's line, and every record appears at once.
ALTER TABLE "market_entities" ADD COLUMN "import_job_id" uuid;--> statement-breakpoint
CREATE TABLE "entity_imports_pending" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
