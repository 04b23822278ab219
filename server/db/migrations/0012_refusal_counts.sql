-- Refused requests from anonymous callers, and every 429, are counted per client, route, error code and minute: the
-- first of each such minute is an operation-log row (first_seq), the rest only raise its count, so a flood of refused
-- requests adds a bounded number of rows to the append-only log (issue #7 item 5).
CREATE TABLE "refusal_counts" (
	"minute" timestamp with time zone NOT NULL,
	"ip" varchar(64) NOT NULL,
	"actor_key" varchar(36) NOT NULL,
	"route" varchar(300) NOT NULL,
	"error_code" varchar(60) NOT NULL,
	"count" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"first_seq" bigint,
	CONSTRAINT "refusal_counts_pk" PRIMARY KEY("minute","ip","actor_key","route","error_code")
);
--> statement-breakpoint
ALTER TABLE "refusal_counts" ADD CONSTRAINT "refusal_counts_first_seq_operation_log_seq_fk" FOREIGN KEY ("first_seq") REFERENCES "public"."operation_log"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "refusal_counts_first_seq_uq" ON "refusal_counts" USING btree ("first_seq");
