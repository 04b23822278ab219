-- A name's stored keys (name_bigram_keys) take the keys of its four-character pieces beside those of its two-character
-- pieces (decision 0013, "Four-character pieces"): a search of four characters or more — the public lookup by a whole
-- name above all — is looked up by two rare four-character pieces, whose posting lists in the GIN index hold a few
-- dozen names where a two-character piece's hold hundreds or thousands. The keys are computed exactly as
-- domain/directory/name_bigrams.ts nameBigramKeys does: over the code points of the lower-cased name, for two code
-- points a, b: a·65536 + b when both are in the BMP, else FNV-1a (32-bit) over a then b; for four code points: FNV-1a
-- over the four; read as signed 32-bit integers; distinct, ascending. The function stays for scripts and tests; the
-- application computes the keys itself (a million-row import computes them in JavaScript, off the database's core).
-- Run VACUUM ANALYZE "market_entities" after this migration on a large directory: every row is written anew.
CREATE OR REPLACE FUNCTION "suiji_name_piece_keys"("name" text) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(k ORDER BY k), '{}'::int[]) FROM (
    SELECT DISTINCT (u - CASE WHEN u >= 2147483648 THEN 4294967296 ELSE 0 END)::int AS k
    FROM (
      SELECT CASE WHEN p[i] <= 65535 AND p[i + 1] <= 65535 THEN p[i] * 65536 + p[i + 1]
        ELSE ((((2166136261 # p[i]) * 16777619) % 4294967296 # p[i + 1]) * 16777619) % 4294967296 END AS u
      FROM (SELECT array(SELECT ascii(substr(lower("name"), j, 1))::bigint FROM generate_series(1, char_length(lower("name"))) AS j) AS p) AS points,
        generate_series(1, char_length(lower("name")) - 1) AS i
      UNION ALL
      SELECT ((((((((2166136261 # p[i]) * 16777619) % 4294967296 # p[i + 1]) * 16777619) % 4294967296 # p[i + 2]) * 16777619) % 4294967296 # p[i + 3]) * 16777619) % 4294967296 AS u
      FROM (SELECT array(SELECT ascii(substr(lower("name"), j, 1))::bigint FROM generate_series(1, char_length(lower("name"))) AS j) AS p) AS points,
        generate_series(1, char_length(lower("name")) - 3) AS i
    ) AS unsigned
  ) AS keys
$$;
--> statement-breakpoint
UPDATE "market_entities" SET "name_bigram_keys" = "suiji_name_piece_keys"("name") WHERE char_length("name") > 3;
--> statement-breakpoint
UPDATE "entity_import_rows" SET "name_bigram_keys" = "suiji_name_piece_keys"("name") WHERE char_length("name") > 3;
