-- Search-as-you-type for one and two letters (store::people::search). The trigram
-- index cannot look up text shorter than a trigram, but every place such text occurs
-- starts some trigram of the document, provided each character is followed by two
-- more: so each document now ends with two line breaks, and the trigrams beginning
-- with the text are listed from the index's vocabulary (`people_search_terms`, a
-- read-only view of the index's terms and how many documents hold each). The index
-- is rebuilt with the new documents; its triggers read the view and need no change.

DROP VIEW people_search_doc;

CREATE VIEW people_search_doc (person_rowid, person_id, doc) AS
SELECT p.rowid, p.id,
       p.name_key || char(10)
       || coalesce((SELECT group_concat(e.email, char(10)) FROM person_emails e WHERE e.person_id = p.id), '')
       || char(10)
       || coalesce((SELECT group_concat(o.name_key, char(10))
                    FROM employments em JOIN organisations o ON o.id = em.organisation_id
                    WHERE em.person_id = p.id), '')
       || char(10) || char(10)
FROM people p;

INSERT INTO people_search (people_search) VALUES ('delete-all');
INSERT INTO people_search (rowid, doc) SELECT person_rowid, doc FROM people_search_doc;

CREATE VIRTUAL TABLE people_search_terms USING fts5vocab(people_search, 'row');
