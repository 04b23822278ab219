-- The draw ceremony's frozen pools and anchors (issue #9 items 5–6; server/modules/draws/README.md).
-- draw_pools: one row per committed draw: the pool file's size, SHA-256 and Merkle root, its strata, the exclusions
-- counted when it was frozen and the yearly-cap ledger the commitment pins (ledger_hash).
CREATE TABLE "draw_pools" (
	"draw_id" uuid PRIMARY KEY NOT NULL REFERENCES "draws"("id"),
	"entry_count" integer NOT NULL,
	"byte_length" bigint NOT NULL,
	"sha256" char(64) NOT NULL,
	"root" char(64) NOT NULL,
	"salt_mode" varchar(16) NOT NULL,
	"chunk_count" integer NOT NULL,
	"stratum_sizes" jsonb NOT NULL,
	"excluded" jsonb NOT NULL,
	"ledger_year" integer NOT NULL,
	"ledger" jsonb NOT NULL,
	"ledger_hash" char(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The pool file itself (`id,stratum,salt`, canonical order, LF) in text chunks of at most 16,384 lines: the chunks
-- in chunk_no order concatenate to the exact bytes whose SHA-256 is draw_pools.sha256. Written and read chunk by
-- chunk, so a 1M-entry pool (about 55 MB) never becomes one statement or one JSON value.
CREATE TABLE "draw_pool_chunks" (
	"draw_id" uuid NOT NULL REFERENCES "draws"("id"),
	"chunk_no" integer NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "draw_pool_chunks_pk" PRIMARY KEY ("draw_id", "chunk_no")
);
--> statement-breakpoint
-- The anchor of the commitment (docs/draw-protocol.md §16): the signed checkpoint covering the draw.commit row,
-- and who voided an attempt (named in the redraw's commitment as redrawApprovedBy).
ALTER TABLE "draws" ADD COLUMN "checkpoint_seq" bigint;
--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "checkpoint" jsonb;
--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "voided_by" uuid REFERENCES "users"("id");
