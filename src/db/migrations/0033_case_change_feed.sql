-- The change feed (migration 0016) names a person also when one of their cases, a case's articles or custody
-- periods, or their status history changes — whoever changes it (the API, an import, a merge, the CLI, another
-- worker or host): the staff dashboard's sums are kept in memory and changed person by person from the feed
-- (src/services/dashboardTally.ts), and the person index reads those people again too. Articles and custody periods
-- name their case: its person is looked up (a case deleted in the same statement names its person itself).
-- An UPDATE names the people of the rows before and after it (a merge moves cases from one person to another).
CREATE FUNCTION person_facts_change_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_TABLE_NAME IN ('case_article', 'custody_period') THEN
    IF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT cc.person_id) INTO ids FROM old_rows o JOIN criminal_case cc ON cc.id = o.case_id;
    ELSIF TG_OP = 'INSERT' THEN SELECT array_agg(DISTINCT cc.person_id) INTO ids FROM new_rows n JOIN criminal_case cc ON cc.id = n.case_id;
    ELSE SELECT array_agg(DISTINCT cc.person_id) INTO ids FROM (SELECT case_id FROM old_rows UNION SELECT case_id FROM new_rows) r JOIN criminal_case cc ON cc.id = r.case_id; END IF;
  ELSE
    IF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT person_id) INTO ids FROM old_rows;
    ELSIF TG_OP = 'INSERT' THEN SELECT array_agg(DISTINCT person_id) INTO ids FROM new_rows;
    ELSE SELECT array_agg(DISTINCT x.person_id) INTO ids FROM (SELECT person_id FROM old_rows UNION SELECT person_id FROM new_rows) x; END IF;
  END IF;
  IF ids IS NOT NULL THEN
    INSERT INTO person_change (person_ids) VALUES (ids);
    PERFORM pg_notify('person_change', '');
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER criminal_case_change_ins AFTER INSERT ON criminal_case REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER criminal_case_change_upd AFTER UPDATE ON criminal_case REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER criminal_case_change_del AFTER DELETE ON criminal_case REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
ALTER TABLE criminal_case ENABLE ALWAYS TRIGGER criminal_case_change_ins;--> statement-breakpoint
ALTER TABLE criminal_case ENABLE ALWAYS TRIGGER criminal_case_change_upd;--> statement-breakpoint
ALTER TABLE criminal_case ENABLE ALWAYS TRIGGER criminal_case_change_del;--> statement-breakpoint
CREATE TRIGGER case_article_change_ins AFTER INSERT ON case_article REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER case_article_change_upd AFTER UPDATE ON case_article REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER case_article_change_del AFTER DELETE ON case_article REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
ALTER TABLE case_article ENABLE ALWAYS TRIGGER case_article_change_ins;--> statement-breakpoint
ALTER TABLE case_article ENABLE ALWAYS TRIGGER case_article_change_upd;--> statement-breakpoint
ALTER TABLE case_article ENABLE ALWAYS TRIGGER case_article_change_del;--> statement-breakpoint
CREATE TRIGGER custody_period_change_ins AFTER INSERT ON custody_period REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER custody_period_change_upd AFTER UPDATE ON custody_period REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER custody_period_change_del AFTER DELETE ON custody_period REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
ALTER TABLE custody_period ENABLE ALWAYS TRIGGER custody_period_change_ins;--> statement-breakpoint
ALTER TABLE custody_period ENABLE ALWAYS TRIGGER custody_period_change_upd;--> statement-breakpoint
ALTER TABLE custody_period ENABLE ALWAYS TRIGGER custody_period_change_del;--> statement-breakpoint
CREATE TRIGGER status_event_change_ins AFTER INSERT ON status_event REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER status_event_change_upd AFTER UPDATE ON status_event REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
CREATE TRIGGER status_event_change_del AFTER DELETE ON status_event REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_facts_change_record();--> statement-breakpoint
ALTER TABLE status_event ENABLE ALWAYS TRIGGER status_event_change_ins;--> statement-breakpoint
ALTER TABLE status_event ENABLE ALWAYS TRIGGER status_event_change_upd;--> statement-breakpoint
ALTER TABLE status_event ENABLE ALWAYS TRIGGER status_event_change_del;
