-- Frozen list rows held names, birth dates and articles in clear. Their personal part becomes one JSON document
-- (`personal`), sealed at the next start (sealPlaintextValues, under each person's key; the field key for rows
-- matching nobody) after the row hashes are taken (hashListRows), then the table is rewritten (VACUUM FULL).
DROP TRIGGER exchange_list_row_no_change ON exchange_list_row;
--> statement-breakpoint
ALTER TABLE "exchange_list_row" ADD COLUMN "personal" text;--> statement-breakpoint
ALTER TABLE "exchange_list_row" ADD COLUMN "row_hash" text;--> statement-breakpoint
ALTER TABLE "exchange_list_row" ADD COLUMN "erased" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_list_version" ADD COLUMN "hash_scheme" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Rows an erasure already replaced (names "[erased]", no person): placeholders, with nothing personal left.
UPDATE "exchange_list_row" SET "erased" = true, "person_id" = NULL WHERE "person_id" IS NULL AND "name_cyrillic" = '[erased]';
--> statement-breakpoint
UPDATE "exchange_list_row" SET "personal" = (jsonb_strip_nulls(jsonb_build_object('detainedOn', "detained_on"))
  || jsonb_build_object(
    'nameCyrillic', "name_cyrillic", 'nameLatin', "name_latin", 'birthDate', "birth_date", 'articles', "articles",
    'facility', "facility", 'sentence', "sentence", 'priority', "priority", 'received', "received", 'match', "match"))::text
  WHERE NOT "erased";
--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "name_cyrillic";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "name_latin";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "birth_date";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "articles";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "facility";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "sentence";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "detained_on";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "priority";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "received";--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP COLUMN "match";--> statement-breakpoint
-- A version stays immutable, with the three changes the services make: sealing (and re-sealing under a merge
-- survivor's key) the personal part, taking a row's hash once, and erasure's placeholder (personal gone, person
-- id cleared, `erased` set). Everything hashed in clear, the row hash and the order stay; a changed sealed part is
-- caught by its row hash when the version is read. No ALTER TABLE needed, so the non-owner server role can erase.
CREATE OR REPLACE FUNCTION exchange_list_row_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
    AND NEW.id = OLD.id AND NEW.version_id = OLD.version_id AND NEW.position = OLD.position
    AND NEW.exchange_consent IS NOT DISTINCT FROM OLD.exchange_consent
    AND NEW.category IS NOT DISTINCT FROM OLD.category
    AND NEW.status IS NOT DISTINCT FROM OLD.status
    AND NEW.recognition IS NOT DISTINCT FROM OLD.recognition
    AND NEW.eligible = OLD.eligible AND NEW.reasons = OLD.reasons AND NEW.warnings = OLD.warnings
    AND (OLD.row_hash IS NULL OR NEW.row_hash IS NOT DISTINCT FROM OLD.row_hash)
    AND (NEW.person_id IS NOT DISTINCT FROM OLD.person_id OR (NEW.erased AND NEW.person_id IS NULL))
    AND (NEW.erased OR NOT OLD.erased)
    AND (NOT NEW.erased OR NEW.personal IS NULL)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is immutable: create a new list version instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER exchange_list_row_no_change BEFORE UPDATE OR DELETE ON exchange_list_row
  FOR EACH ROW EXECUTE FUNCTION exchange_list_row_guard();
