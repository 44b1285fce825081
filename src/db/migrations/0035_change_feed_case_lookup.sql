-- The change feed's triggers on case articles and custody periods (migration 0033) find their cases' people by
-- the cases' primary key instead of a join: without statistics (PGlite never analyzes) the join hashed the whole
-- criminal_case table for every statement, so each import batch of 2,500 people read every case stored before it
-- (≈ 3 s of a 100,000-row import, growing with the square of the rows; session 10). Same rows named as before.
CREATE OR REPLACE FUNCTION person_facts_change_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_TABLE_NAME IN ('case_article', 'custody_period') THEN
    IF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT cc.person_id) INTO ids FROM criminal_case cc WHERE cc.id = ANY (ARRAY(SELECT DISTINCT case_id FROM old_rows));
    ELSIF TG_OP = 'INSERT' THEN SELECT array_agg(DISTINCT cc.person_id) INTO ids FROM criminal_case cc WHERE cc.id = ANY (ARRAY(SELECT DISTINCT case_id FROM new_rows));
    ELSE SELECT array_agg(DISTINCT cc.person_id) INTO ids FROM criminal_case cc WHERE cc.id = ANY (ARRAY(SELECT case_id FROM old_rows UNION SELECT case_id FROM new_rows)); END IF;
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
END $$;
