-- Login throttling moves from users.failed_attempts / locked_until (read, then written after the password check, so
-- parallel requests all passed) to one counter row per key, reserved atomically before the check
-- (server/modules/auth/throttle.ts). Keys: 'account:<account>' for any account name, known or not, and 'ip:<address>'.
CREATE TABLE "login_throttle" (
	"key" varchar(80) PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);--> statement-breakpoint
INSERT INTO "login_throttle" ("key", "failures", "window_start", "locked_until")
SELECT 'account:' || "account", 5, now(), "locked_until" FROM "users"
WHERE "locked_until" > now() AND "deleted_at" IS NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_attempts";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";
