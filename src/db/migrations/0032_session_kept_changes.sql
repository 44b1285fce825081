-- Sessions (the staff app's cookie) join the values a process keeps between requests on PostgreSQL (migration 0030):
-- a sign-in, a second factor completed, a sign-out or a session ended by an admin, at any worker or host, records a
-- change-feed row with no person ids, so every process drops what it kept at its next catch-up.
CREATE TRIGGER user_session_kept_ins AFTER INSERT ON user_session REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER user_session_kept_upd AFTER UPDATE ON user_session REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER user_session_kept_del AFTER DELETE ON user_session REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
CREATE TRIGGER user_session_kept_truncate AFTER TRUNCATE ON user_session FOR EACH STATEMENT EXECUTE FUNCTION kept_value_change_record();--> statement-breakpoint
ALTER TABLE user_session ENABLE ALWAYS TRIGGER user_session_kept_ins;--> statement-breakpoint
ALTER TABLE user_session ENABLE ALWAYS TRIGGER user_session_kept_upd;--> statement-breakpoint
ALTER TABLE user_session ENABLE ALWAYS TRIGGER user_session_kept_del;--> statement-breakpoint
ALTER TABLE user_session ENABLE ALWAYS TRIGGER user_session_kept_truncate;
