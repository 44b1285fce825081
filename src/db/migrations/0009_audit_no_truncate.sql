-- Row triggers do not fire on TRUNCATE: without this, one statement could empty the audit log and
-- `audit verify` would see an empty (valid) chain. Restore --force disables user triggers explicitly.
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_forbid_change();
