-- 全程留痕 hardening (issue #7 item 4). Row-hash version 2 covers each row's domain events; rows
-- written before this migration keep version 1 (their hashes do not cover events) and still verify.
ALTER TABLE "operation_log" ADD COLUMN "hash_version" smallint DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "operation_log" ALTER COLUMN "hash_version" DROP DEFAULT;
--> statement-breakpoint
-- Signed checkpoints of the chain head (Ed25519, key outside the database). No foreign key to
-- operation_log: a checkpoint must outlive the rows it vouches for, so their loss can be shown.
CREATE TABLE "audit_checkpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"seq" bigint NOT NULL,
	"head_hash" char(64) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"key_id" char(16) NOT NULL,
	"signature" varchar(100) NOT NULL,
	"origin" varchar(16) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_checkpoints_seq_idx" ON "audit_checkpoints" USING btree ("seq");
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION suiji_refuse_change();
--> statement-breakpoint
-- TRUNCATE fires no row trigger: refuse it per statement on every append-only table.
CREATE TRIGGER operation_log_no_truncate BEFORE TRUNCATE ON operation_log FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_change();
--> statement-breakpoint
CREATE TRIGGER domain_events_no_truncate BEFORE TRUNCATE ON domain_events FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_change();
--> statement-breakpoint
CREATE TRIGGER login_log_no_truncate BEFORE TRUNCATE ON login_log FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_change();
--> statement-breakpoint
-- The new permission (domain/access/permissions.ts) for the built-in 系统管理员 of an existing
-- installation; new installations seed it from domain/access/roles.ts (ALL_PERMISSIONS).
UPDATE "roles" SET "permissions" = array_append("permissions", 'monitor:audit:checkpoint') WHERE "key" = 'system_admin' AND "builtin" AND NOT ('monitor:audit:checkpoint' = ANY("permissions"));
