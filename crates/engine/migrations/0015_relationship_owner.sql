-- Team workspace: who recorded a relationship, and whether it is shared with the team.
-- owner_rep_id: the rep who recorded the tie on their desktop; NULL = this desktop's own
-- rep (every tie recorded here). A tie pulled from a colleague carries that colleague's rep
-- id. No foreign key: a colleague's tie may arrive before their rep row does.
-- visibility: 'team' (the default: the tie syncs to the team workspace) or 'private' (it
-- never leaves this desktop).
ALTER TABLE relationships ADD COLUMN owner_rep_id BLOB
    CHECK (owner_rep_id IS NULL OR length(owner_rep_id) = 16);
ALTER TABLE relationships ADD COLUMN visibility TEXT NOT NULL DEFAULT 'team'
    CHECK (visibility IN ('team', 'private'));
-- A colleague's ties, found without reading every relationship.
CREATE INDEX relationships_owner ON relationships(owner_rep_id) WHERE owner_rep_id IS NOT NULL;
