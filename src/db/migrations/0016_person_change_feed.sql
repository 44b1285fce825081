-- The change feed of the in-memory person index (src/services/directory): every statement that inserts,
-- updates or deletes people or their spellings records which people it touched, with its transaction id, so
-- that every process (one server, cluster workers, several hosts on one PostgreSQL) applies exactly the
-- changes it has not seen — whoever made them (API, import, CLI, another worker). Statement-level triggers:
-- one row per statement, not per person (an import batch of 2,500 people adds one row per table).
-- ENABLE ALWAYS: they fire under session_replication_role = replica too (the bulk import's FK shortcut).
-- Rows older than an hour are pruned; an index further behind than that rebuilds.
CREATE TABLE "person_change" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"xid" xid8 DEFAULT pg_current_xact_id() NOT NULL,
	"person_ids" uuid[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "person_change_xid_idx" ON "person_change" ("xid");--> statement-breakpoint
CREATE INDEX "person_change_at_idx" ON "person_change" ("at");--> statement-breakpoint
CREATE FUNCTION person_change_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- No rows to name (a restore empties the tables): an empty list tells every index to rebuild.
    ids := '{}';
  ELSIF TG_TABLE_NAME = 'person' THEN
    IF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT id) INTO ids FROM old_rows;
    ELSE SELECT array_agg(DISTINCT id) INTO ids FROM new_rows; END IF;
  ELSE
    IF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT person_id) INTO ids FROM old_rows;
    ELSE SELECT array_agg(DISTINCT person_id) INTO ids FROM new_rows; END IF;
  END IF;
  IF ids IS NOT NULL THEN
    INSERT INTO person_change (person_ids) VALUES (ids);
    -- Delivered at commit to every listening process (PostgreSQL; harmless on PGlite).
    PERFORM pg_notify('person_change', '');
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER person_change_ins AFTER INSERT ON person REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
CREATE TRIGGER person_change_upd AFTER UPDATE ON person REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
CREATE TRIGGER person_change_del AFTER DELETE ON person REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
CREATE TRIGGER person_name_change_ins AFTER INSERT ON person_name REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
CREATE TRIGGER person_name_change_upd AFTER UPDATE ON person_name REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
CREATE TRIGGER person_name_change_del AFTER DELETE ON person_name REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
CREATE TRIGGER person_change_truncate AFTER TRUNCATE ON person FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
CREATE TRIGGER person_name_change_truncate AFTER TRUNCATE ON person_name FOR EACH STATEMENT EXECUTE FUNCTION person_change_record();--> statement-breakpoint
ALTER TABLE person ENABLE ALWAYS TRIGGER person_change_truncate;--> statement-breakpoint
ALTER TABLE person_name ENABLE ALWAYS TRIGGER person_name_change_truncate;--> statement-breakpoint
ALTER TABLE person ENABLE ALWAYS TRIGGER person_change_ins;--> statement-breakpoint
ALTER TABLE person ENABLE ALWAYS TRIGGER person_change_upd;--> statement-breakpoint
ALTER TABLE person ENABLE ALWAYS TRIGGER person_change_del;--> statement-breakpoint
ALTER TABLE person_name ENABLE ALWAYS TRIGGER person_name_change_ins;--> statement-breakpoint
ALTER TABLE person_name ENABLE ALWAYS TRIGGER person_name_change_upd;--> statement-breakpoint
ALTER TABLE person_name ENABLE ALWAYS TRIGGER person_name_change_del;
