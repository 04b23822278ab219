-- Two-character name search: the name's two-character pieces in an array with a GIN index (pg_trgm needs three).
ALTER TABLE "entity_import_rows" ADD COLUMN "name_bigrams" text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "market_entities" ADD COLUMN "name_bigrams" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Existing names get their pieces here, exactly as domain/directory/name_bigrams.ts makes them (lower-cased, distinct, sorted).
UPDATE "market_entities" SET "name_bigrams" = ARRAY(
  SELECT DISTINCT substr(lower("name"), i, 2) COLLATE "C" AS piece FROM generate_series(1, char_length("name") - 1) AS i ORDER BY piece
) WHERE char_length("name") > 1;--> statement-breakpoint
CREATE INDEX "market_entities_name_bigram_idx" ON "market_entities" USING gin ("name_bigrams");