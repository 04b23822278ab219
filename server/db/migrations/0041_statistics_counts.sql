-- 统计分析 over a million results (issue #11, decision 0014): the dashboard reads counts kept per task instead of
-- joining the year's objects, results and teams on every call. Every statement that writes task_objects,
-- inspection_results, teams or team_members — whoever runs it: a store, a migration, a bulk SQL load — marks the tasks
-- it touched in statistics_dirty_tasks in its own transaction (statement triggers over the transition tables); so does
-- a change of an entity's credit class or industry (the rows of its results) and of a task's year. The next dashboard
-- recounts the marked tasks from the tables (server/modules/statistics/maintained.ts) and deletes the marks it saw. A
-- mark carries its transaction id, so writers never wait on one another and a mark still uncommitted when the recount
-- reads stays for the next one. Counts that depend on the day (overdue) keep the due date as a key and are compared
-- with today when read; the task's year, status, region, lead department, joint flag and period come from tasks when
-- read, so a task's own changes need no recount.
CREATE TABLE "statistics_dirty_tasks" (
	"task_id" uuid NOT NULL,
	"txid" bigint NOT NULL,
	CONSTRAINT "statistics_dirty_tasks_task_id_txid_pk" PRIMARY KEY("task_id","txid")
);
--> statement-breakpoint
CREATE TABLE "statistics_task_counts" (
	"task_id" uuid NOT NULL,
	"entry_due" date,
	"publish_due" date,
	"objects" integer NOT NULL,
	"done_no_check" integer NOT NULL,
	"pending_without_result" integer NOT NULL,
	"entered" integer NOT NULL,
	"submitted" integer NOT NULL,
	"entry_on_time" integer NOT NULL,
	"published" integer NOT NULL,
	"published_on_time" integer NOT NULL,
	"reviewed" integer NOT NULL,
	"problems" integer NOT NULL,
	"not_submitted" integer NOT NULL,
	"not_entered" integer NOT NULL,
	"not_published" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "statistics_task_counts_task_idx" ON "statistics_task_counts" USING btree ("task_id");
--> statement-breakpoint
CREATE TABLE "statistics_class_counts" (
	"task_id" uuid NOT NULL,
	"risk_class" varchar(1),
	"industry_prefix" varchar(2),
	"results" integer NOT NULL,
	"inspected" integer NOT NULL,
	"problems" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "statistics_class_counts_task_idx" ON "statistics_class_counts" USING btree ("task_id");
--> statement-breakpoint
CREATE TABLE "statistics_workload_counts" (
	"task_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"objects" integer NOT NULL,
	"leads" integer NOT NULL,
	"completed" integer NOT NULL,
	CONSTRAINT "statistics_workload_counts_task_id_inspector_id_pk" PRIMARY KEY("task_id","inspector_id")
);
--> statement-breakpoint
CREATE TABLE "statistics_repeat_objects" (
	"entity_id" bigint NOT NULL,
	"task_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"objects" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "statistics_repeat_objects_entity_idx" ON "statistics_repeat_objects" USING btree ("entity_id");
--> statement-breakpoint
CREATE INDEX "statistics_repeat_objects_task_idx" ON "statistics_repeat_objects" USING btree ("task_id");
--> statement-breakpoint
CREATE INDEX "teams_task_idx" ON "teams" USING btree ("task_id");
--> statement-breakpoint
CREATE FUNCTION suiji_statistics_mark_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO statistics_dirty_tasks (task_id, txid) SELECT DISTINCT task_id, txid_current() FROM new_rows ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO statistics_dirty_tasks (task_id, txid) SELECT DISTINCT task_id, txid_current() FROM old_rows ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO statistics_dirty_tasks (task_id, txid)
    SELECT task_id, txid_current() FROM (SELECT task_id FROM new_rows UNION SELECT task_id FROM old_rows) t ORDER BY 1 ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION suiji_statistics_mark_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO statistics_dirty_tasks (task_id, txid)
    SELECT DISTINCT t.task_id, txid_current() FROM new_rows m JOIN teams t ON t.id = m.team_id ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO statistics_dirty_tasks (task_id, txid)
    SELECT DISTINCT t.task_id, txid_current() FROM old_rows m JOIN teams t ON t.id = m.team_id ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO statistics_dirty_tasks (task_id, txid)
    SELECT DISTINCT t.task_id, txid_current() FROM (SELECT team_id FROM new_rows UNION SELECT team_id FROM old_rows) m JOIN teams t ON t.id = m.team_id
    ORDER BY 1 ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION suiji_statistics_mark_entity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO statistics_dirty_tasks (task_id, txid)
  SELECT DISTINCT task_id, txid_current() FROM inspection_results WHERE entity_id = NEW.id ORDER BY 1 ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION suiji_statistics_mark_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO statistics_dirty_tasks (task_id, txid) VALUES (NEW.id, txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "task_objects_statistics_insert" AFTER INSERT ON "task_objects" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "task_objects_statistics_update" AFTER UPDATE ON "task_objects" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "task_objects_statistics_delete" AFTER DELETE ON "task_objects" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "inspection_results_statistics_insert" AFTER INSERT ON "inspection_results" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "inspection_results_statistics_update" AFTER UPDATE ON "inspection_results" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "inspection_results_statistics_delete" AFTER DELETE ON "inspection_results" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "teams_statistics_insert" AFTER INSERT ON "teams" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "teams_statistics_update" AFTER UPDATE ON "teams" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "teams_statistics_delete" AFTER DELETE ON "teams" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_rows();
--> statement-breakpoint
CREATE TRIGGER "team_members_statistics_insert" AFTER INSERT ON "team_members" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_members();
--> statement-breakpoint
CREATE TRIGGER "team_members_statistics_update" AFTER UPDATE ON "team_members" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_members();
--> statement-breakpoint
CREATE TRIGGER "team_members_statistics_delete" AFTER DELETE ON "team_members" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION suiji_statistics_mark_members();
--> statement-breakpoint
CREATE TRIGGER "market_entities_statistics_class" AFTER UPDATE OF "risk_class", "industry_code" ON "market_entities" FOR EACH ROW
WHEN (OLD.risk_class IS DISTINCT FROM NEW.risk_class OR OLD.industry_code IS DISTINCT FROM NEW.industry_code) EXECUTE FUNCTION suiji_statistics_mark_entity();
--> statement-breakpoint
CREATE TRIGGER "tasks_statistics_year" AFTER UPDATE OF "year" ON "tasks" FOR EACH ROW WHEN (OLD.year IS DISTINCT FROM NEW.year) EXECUTE FUNCTION suiji_statistics_mark_task();
--> statement-breakpoint
-- Existing databases: every task is counted by the first dashboard after this migration.
INSERT INTO "statistics_dirty_tasks" ("task_id", "txid") SELECT "id", txid_current() FROM "tasks";
