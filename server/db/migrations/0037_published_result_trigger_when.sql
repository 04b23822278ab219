-- 一公开 (长春第19–20条), unchanged: a published result is refused any UPDATE or DELETE by the database. The row
-- trigger now calls its function only for a row that is published (WHEN OLD.status = 'published', tested by the
-- executor without entering PL/pgSQL): publishing 30,000 approved results no longer runs the function 30,000 times
-- to let them through (issue #10 item 11). The function and the TRUNCATE trigger stay as they are.
DROP TRIGGER "inspection_results_frozen_when_published" ON "inspection_results";
--> statement-breakpoint
CREATE TRIGGER "inspection_results_frozen_when_published" BEFORE UPDATE OR DELETE ON "inspection_results" FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION suiji_refuse_published_result();
