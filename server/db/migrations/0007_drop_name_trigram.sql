-- Name search of two characters and more goes through the two-character pieces (name_bigrams, GIN) and LIKE; the
-- pg_trgm index on the name served only three or more and cost a third of a million-row import's index build.
DROP INDEX "market_entities_name_trgm_idx";