-- A list version is what negotiators were shown: its rows and its header never change once written.
-- Services refuse changes too; this makes a stray UPDATE/DELETE from any code path or psql session fail loudly.
CREATE OR REPLACE FUNCTION exchange_list_version_forbid_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: create a new list version instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER exchange_list_version_no_change BEFORE UPDATE OR DELETE ON exchange_list_version
  FOR EACH ROW EXECUTE FUNCTION exchange_list_version_forbid_change();
--> statement-breakpoint
CREATE TRIGGER exchange_list_row_no_change BEFORE UPDATE OR DELETE ON exchange_list_row
  FOR EACH ROW EXECUTE FUNCTION exchange_list_version_forbid_change();
