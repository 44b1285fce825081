-- Values a process keeps between requests on PostgreSQL (src/services/directory/directory.ts, `untilWrite`): an API
-- token with its user, facility names, an organisation's label style. Each statement that changes rows of one of
-- these tables records a change-feed row with no person ids (NULL; '{}' still means a truncation of people), in the
-- same transaction, so that every process, on any host, drops what it kept at its next catch-up with the feed —
-- which a request begins after it arrived, as for people: a token revoked, a user deactivated or a facility renamed
-- by any worker is seen by the next request anywhere. A statement that changed no row (a facility inserted "on
-- conflict do nothing" that existed) records nothing.
ALTER TABLE "person_change" ALTER COLUMN "person_ids" DROP NOT NULL;--> statement-breakpoint
CREATE FUNCTION kept_value_change_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE changed boolean;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN changed := true;
  ELSIF TG_OP = 'DELETE' THEN SELECT EXISTS (SELECT 1 FROM old_rows) INTO changed;
  ELSE SELECT EXISTS (SELECT 1 FROM new_rows) INTO changed; END IF;
  IF changed THEN
    INSERT INTO person_change (person_ids) VALUES (NULL);
    PERFORM pg_notify('person_change', '');
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER facility_kept_ins AFTER INSERT ON facility REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER facility_kept_upd AFTER UPDATE ON facility REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER facility_kept_del AFTER DELETE ON facility REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER facility_kept_truncate AFTER TRUNCATE ON facility FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER organisation_kept_ins AFTER INSERT ON organisation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER organisation_kept_upd AFTER UPDATE ON organisation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER organisation_kept_del AFTER DELETE ON organisation REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER organisation_kept_truncate AFTER TRUNCATE ON organisation FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER api_token_kept_ins AFTER INSERT ON api_token REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER api_token_kept_upd AFTER UPDATE ON api_token REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER api_token_kept_del AFTER DELETE ON api_token REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER api_token_kept_truncate AFTER TRUNCATE ON api_token FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER app_user_kept_ins AFTER INSERT ON app_user REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER app_user_kept_upd AFTER UPDATE ON app_user REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER app_user_kept_del AFTER DELETE ON app_user REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER app_user_kept_truncate AFTER TRUNCATE ON app_user FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
ALTER TABLE facility ENABLE ALWAYS TRIGGER facility_kept_ins;--> statement-breakpoint
ALTER TABLE facility ENABLE ALWAYS TRIGGER facility_kept_upd;--> statement-breakpoint
ALTER TABLE facility ENABLE ALWAYS TRIGGER facility_kept_del;--> statement-breakpoint
ALTER TABLE facility ENABLE ALWAYS TRIGGER facility_kept_truncate;--> statement-breakpoint
ALTER TABLE organisation ENABLE ALWAYS TRIGGER organisation_kept_ins;--> statement-breakpoint
ALTER TABLE organisation ENABLE ALWAYS TRIGGER organisation_kept_upd;--> statement-breakpoint
ALTER TABLE organisation ENABLE ALWAYS TRIGGER organisation_kept_del;--> statement-breakpoint
ALTER TABLE organisation ENABLE ALWAYS TRIGGER organisation_kept_truncate;--> statement-breakpoint
ALTER TABLE api_token ENABLE ALWAYS TRIGGER api_token_kept_ins;--> statement-breakpoint
ALTER TABLE api_token ENABLE ALWAYS TRIGGER api_token_kept_upd;--> statement-breakpoint
ALTER TABLE api_token ENABLE ALWAYS TRIGGER api_token_kept_del;--> statement-breakpoint
ALTER TABLE api_token ENABLE ALWAYS TRIGGER api_token_kept_truncate;--> statement-breakpoint
ALTER TABLE app_user ENABLE ALWAYS TRIGGER app_user_kept_ins;--> statement-breakpoint
ALTER TABLE app_user ENABLE ALWAYS TRIGGER app_user_kept_upd;--> statement-breakpoint
ALTER TABLE app_user ENABLE ALWAYS TRIGGER app_user_kept_del;--> statement-breakpoint
ALTER TABLE app_user ENABLE ALWAYS TRIGGER app_user_kept_truncate;
