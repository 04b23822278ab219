-- 全程留痕: the operation log and domain events are append-only. The hash chain detects what a
-- superuser does around this trigger; the trigger stops everyone else.
CREATE OR REPLACE FUNCTION suiji_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operation_log_append_only BEFORE UPDATE OR DELETE ON operation_log FOR EACH ROW EXECUTE FUNCTION suiji_refuse_change();
--> statement-breakpoint
CREATE TRIGGER domain_events_append_only BEFORE UPDATE OR DELETE ON domain_events FOR EACH ROW EXECUTE FUNCTION suiji_refuse_change();
--> statement-breakpoint
CREATE TRIGGER login_log_append_only BEFORE UPDATE OR DELETE ON login_log FOR EACH ROW EXECUTE FUNCTION suiji_refuse_change();
