-- Search in name order (store::people::search): the name-search index now keys each
-- person's document by a number that grows with the person's name key, so the index
-- lists a text's candidates in about name order and a search stops once its page is
-- full, instead of sorting or walking every candidate.
--
-- The key (`search_rowid`) is code * 2^33 + the person's rowid. The code packs the
-- first six characters of the name key in base 31: 0 ends the name, 2 is a space,
-- 4..29 are a..z; 1 (below a space), 3 (between a space and a) and 30 (above z) each
-- stand for many characters, so the code stops after them (later digits 0). Two names
-- in name order thus never get codes in the opposite order: people with the same code
-- (a bucket) are the only ones the index does not order, and the search orders those
-- by walking `people_name_key` from the bucket's first possible name. The person's
-- rowid makes the key unique (people rowids stay below 2^33).
--
-- The triggers of 0003 are replaced: they find a document by this key, and a removed
-- person's key is computed from the deleted row. The index is rebuilt in key order.

DROP TRIGGER people_search_person_added;
DROP TRIGGER people_search_person_renamed;
DROP TRIGGER people_search_person_removed;
DROP TRIGGER people_search_email_added;
DROP TRIGGER people_search_email_removed;
DROP TRIGGER people_search_email_changed;
DROP TRIGGER people_search_employment_added;
DROP TRIGGER people_search_employment_removed;
DROP TRIGGER people_search_employment_moved;
DROP TRIGGER people_search_organisation_renamed;
DROP VIEW people_search_doc;

CREATE VIEW people_search_doc (person_rowid, person_id, doc, search_rowid) AS
SELECT p.rowid, p.id,
       p.name_key || char(10)
       || coalesce((SELECT group_concat(e.email, char(10)) FROM person_emails e WHERE e.person_id = p.id), '')
       || char(10)
       || coalesce((SELECT group_concat(o.name_key, char(10))
                    FROM employments em JOIN organisations o ON o.id = em.organisation_id
                    WHERE em.person_id = p.id), '')
       || char(10) || char(10),
       (SELECT ((CASE WHEN u1 IS NULL THEN 0 WHEN u1 < 32 THEN 1 WHEN u1 = 32 THEN 2 WHEN u1 < 97 THEN 3 WHEN u1 <= 122 THEN u1 - 93 ELSE 30 END) * 28629151
      + CASE WHEN (u1 = 32 OR u1 BETWEEN 97 AND 122) THEN (CASE WHEN u2 IS NULL THEN 0 WHEN u2 < 32 THEN 1 WHEN u2 = 32 THEN 2 WHEN u2 < 97 THEN 3 WHEN u2 <= 122 THEN u2 - 93 ELSE 30 END) * 923521
        + CASE WHEN (u2 = 32 OR u2 BETWEEN 97 AND 122) THEN (CASE WHEN u3 IS NULL THEN 0 WHEN u3 < 32 THEN 1 WHEN u3 = 32 THEN 2 WHEN u3 < 97 THEN 3 WHEN u3 <= 122 THEN u3 - 93 ELSE 30 END) * 29791
          + CASE WHEN (u3 = 32 OR u3 BETWEEN 97 AND 122) THEN (CASE WHEN u4 IS NULL THEN 0 WHEN u4 < 32 THEN 1 WHEN u4 = 32 THEN 2 WHEN u4 < 97 THEN 3 WHEN u4 <= 122 THEN u4 - 93 ELSE 30 END) * 961
            + CASE WHEN (u4 = 32 OR u4 BETWEEN 97 AND 122) THEN (CASE WHEN u5 IS NULL THEN 0 WHEN u5 < 32 THEN 1 WHEN u5 = 32 THEN 2 WHEN u5 < 97 THEN 3 WHEN u5 <= 122 THEN u5 - 93 ELSE 30 END) * 31
              + CASE WHEN (u5 = 32 OR u5 BETWEEN 97 AND 122) THEN (CASE WHEN u6 IS NULL THEN 0 WHEN u6 < 32 THEN 1 WHEN u6 = 32 THEN 2 WHEN u6 < 97 THEN 3 WHEN u6 <= 122 THEN u6 - 93 ELSE 30 END) ELSE 0 END ELSE 0 END ELSE 0 END ELSE 0 END ELSE 0 END) * 8589934592 + p.rowid
     FROM (SELECT unicode(substr(p.name_key, 1, 1)) AS u1, unicode(substr(p.name_key, 2, 1)) AS u2, unicode(substr(p.name_key, 3, 1)) AS u3, unicode(substr(p.name_key, 4, 1)) AS u4, unicode(substr(p.name_key, 5, 1)) AS u5, unicode(substr(p.name_key, 6, 1)) AS u6))
FROM people p;

INSERT INTO people_search (people_search) VALUES ('delete-all');
INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc ORDER BY search_rowid;

CREATE TRIGGER people_search_person_added AFTER INSERT ON people BEGIN
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_rowid = NEW.rowid;
END;

-- Before the change the view still shows the old name, hence the old key.
CREATE TRIGGER people_search_person_renaming BEFORE UPDATE OF name_key ON people BEGIN
    DELETE FROM people_search WHERE rowid = (SELECT search_rowid FROM people_search_doc WHERE person_rowid = OLD.rowid);
END;

CREATE TRIGGER people_search_person_renamed AFTER UPDATE OF name_key ON people BEGIN
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_rowid = NEW.rowid;
END;

-- The same key as the view's, from the deleted row.
CREATE TRIGGER people_search_person_removed AFTER DELETE ON people BEGIN
    DELETE FROM people_search WHERE rowid =
        (SELECT ((CASE WHEN u1 IS NULL THEN 0 WHEN u1 < 32 THEN 1 WHEN u1 = 32 THEN 2 WHEN u1 < 97 THEN 3 WHEN u1 <= 122 THEN u1 - 93 ELSE 30 END) * 28629151
          + CASE WHEN (u1 = 32 OR u1 BETWEEN 97 AND 122) THEN (CASE WHEN u2 IS NULL THEN 0 WHEN u2 < 32 THEN 1 WHEN u2 = 32 THEN 2 WHEN u2 < 97 THEN 3 WHEN u2 <= 122 THEN u2 - 93 ELSE 30 END) * 923521
            + CASE WHEN (u2 = 32 OR u2 BETWEEN 97 AND 122) THEN (CASE WHEN u3 IS NULL THEN 0 WHEN u3 < 32 THEN 1 WHEN u3 = 32 THEN 2 WHEN u3 < 97 THEN 3 WHEN u3 <= 122 THEN u3 - 93 ELSE 30 END) * 29791
              + CASE WHEN (u3 = 32 OR u3 BETWEEN 97 AND 122) THEN (CASE WHEN u4 IS NULL THEN 0 WHEN u4 < 32 THEN 1 WHEN u4 = 32 THEN 2 WHEN u4 < 97 THEN 3 WHEN u4 <= 122 THEN u4 - 93 ELSE 30 END) * 961
                + CASE WHEN (u4 = 32 OR u4 BETWEEN 97 AND 122) THEN (CASE WHEN u5 IS NULL THEN 0 WHEN u5 < 32 THEN 1 WHEN u5 = 32 THEN 2 WHEN u5 < 97 THEN 3 WHEN u5 <= 122 THEN u5 - 93 ELSE 30 END) * 31
                  + CASE WHEN (u5 = 32 OR u5 BETWEEN 97 AND 122) THEN (CASE WHEN u6 IS NULL THEN 0 WHEN u6 < 32 THEN 1 WHEN u6 = 32 THEN 2 WHEN u6 < 97 THEN 3 WHEN u6 <= 122 THEN u6 - 93 ELSE 30 END) ELSE 0 END ELSE 0 END ELSE 0 END ELSE 0 END ELSE 0 END) * 8589934592 + OLD.rowid
         FROM (SELECT unicode(substr(OLD.name_key, 1, 1)) AS u1, unicode(substr(OLD.name_key, 2, 1)) AS u2, unicode(substr(OLD.name_key, 3, 1)) AS u3, unicode(substr(OLD.name_key, 4, 1)) AS u4, unicode(substr(OLD.name_key, 5, 1)) AS u5, unicode(substr(OLD.name_key, 6, 1)) AS u6));
END;

CREATE TRIGGER people_search_email_added AFTER INSERT ON person_emails BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT search_rowid FROM people_search_doc WHERE person_id = NEW.person_id);
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_id = NEW.person_id;
END;

CREATE TRIGGER people_search_email_removed AFTER DELETE ON person_emails BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT search_rowid FROM people_search_doc WHERE person_id = OLD.person_id);
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER people_search_email_changed AFTER UPDATE ON person_emails BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT search_rowid FROM people_search_doc WHERE person_id IN (OLD.person_id, NEW.person_id));
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_id IN (OLD.person_id, NEW.person_id);
END;

CREATE TRIGGER people_search_employment_added AFTER INSERT ON employments BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT search_rowid FROM people_search_doc WHERE person_id = NEW.person_id);
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_id = NEW.person_id;
END;

CREATE TRIGGER people_search_employment_removed AFTER DELETE ON employments BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT search_rowid FROM people_search_doc WHERE person_id = OLD.person_id);
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER people_search_employment_moved AFTER UPDATE OF person_id, organisation_id ON employments BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT search_rowid FROM people_search_doc WHERE person_id IN (OLD.person_id, NEW.person_id));
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_id IN (OLD.person_id, NEW.person_id);
END;

CREATE TRIGGER people_search_organisation_renamed AFTER UPDATE OF name_key ON organisations BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT search_rowid FROM people_search_doc WHERE person_id IN (SELECT person_id FROM employments WHERE organisation_id = NEW.id));
    INSERT INTO people_search (rowid, doc) SELECT search_rowid, doc FROM people_search_doc WHERE person_id IN (SELECT person_id FROM employments WHERE organisation_id = NEW.id);
END;
