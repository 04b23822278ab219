ALTER TABLE "import_jobs" ADD COLUMN "owner_instance" varchar(64);--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "upload_file" varchar(64);
