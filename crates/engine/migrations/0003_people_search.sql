-- Search-as-you-type over people (store::people::search): a trigram index of each
-- person's searchable text (normalised name, emails, the normalised names of their
-- current and past organisations), one document per person keyed by the person's
-- rowid. It only narrows the candidates: the search still checks each one with its
-- exact rule, so the index may match more than the rule, never less. Triggers keep
-- it current on every change to those fields.

CREATE VIRTUAL TABLE people_search USING fts5(
    doc,
    tokenize = 'trigram',
    detail = 'none',
    content = '',
    contentless_delete = 1
);

CREATE VIEW people_search_doc (person_rowid, person_id, doc) AS
SELECT p.rowid, p.id,
       p.name_key || char(10)
       || coalesce((SELECT group_concat(e.email, char(10)) FROM person_emails e WHERE e.person_id = p.id), '')
       || char(10)
       || coalesce((SELECT group_concat(o.name_key, char(10))
                    FROM employments em JOIN organisations o ON o.id = em.organisation_id
                    WHERE em.person_id = p.id), '')
FROM people p;

INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc;

CREATE TRIGGER people_search_person_added AFTER INSERT ON people BEGIN
    INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc WHERE person_id = NEW.id;
END;

CREATE TRIGGER people_search_person_renamed AFTER UPDATE OF name_key ON people BEGIN
    DELETE FROM people_search WHERE rowid = OLD.rowid;
    INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc WHERE person_id = NEW.id;
END;

CREATE TRIGGER people_search_person_removed AFTER DELETE ON people BEGIN
    DELETE FROM people_search WHERE rowid = OLD.rowid;
END;

CREATE TRIGGER people_search_email_added AFTER INSERT ON person_emails BEGIN
    DELETE FROM people_search WHERE rowid = (SELECT rowid FROM people WHERE id = NEW.person_id);
    INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc WHERE person_id = NEW.person_id;
END;

CREATE TRIGGER people_search_email_removed AFTER DELETE ON person_emails BEGIN
    DELETE FROM people_search WHERE rowid = (SELECT rowid FROM people WHERE id = OLD.person_id);
    INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER people_search_email_changed AFTER UPDATE ON person_emails BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT rowid FROM people WHERE id IN (OLD.person_id, NEW.person_id));
    INSERT INTO people_search (rowid, doc)
        SELECT person_rowid, doc FROM people_search_doc WHERE person_id IN (OLD.person_id, NEW.person_id);
END;

CREATE TRIGGER people_search_employment_added AFTER INSERT ON employments BEGIN
    DELETE FROM people_search WHERE rowid = (SELECT rowid FROM people WHERE id = NEW.person_id);
    INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc WHERE person_id = NEW.person_id;
END;

CREATE TRIGGER people_search_employment_removed AFTER DELETE ON employments BEGIN
    DELETE FROM people_search WHERE rowid = (SELECT rowid FROM people WHERE id = OLD.person_id);
    INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER people_search_employment_moved AFTER UPDATE OF person_id, organisation_id ON employments BEGIN
    DELETE FROM people_search WHERE rowid IN (SELECT rowid FROM people WHERE id IN (OLD.person_id, NEW.person_id));
    INSERT INTO people_search (rowid, doc)
        SELECT person_rowid, doc FROM people_search_doc WHERE person_id IN (OLD.person_id, NEW.person_id);
END;

CREATE TRIGGER people_search_organisation_renamed AFTER UPDATE OF name_key ON organisations BEGIN
    DELETE FROM people_search WHERE rowid IN
        (SELECT p.rowid FROM people p JOIN employments em ON em.person_id = p.id WHERE em.organisation_id = NEW.id);
    INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc
        WHERE person_id IN (SELECT person_id FROM employments WHERE organisation_id = NEW.id);
END;
