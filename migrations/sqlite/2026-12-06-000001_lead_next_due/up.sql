-- The lead's next due time (issue 3 point 13, scripts/bench/RESULTS.md):
-- the deadline of its open SLA clock, NULL when it has none. Written only by
-- the lead clock (backend/src/leads/sla.rs: start, close, and the import's
-- set-based start), so "this owner's B leads by due time" is one range scan
-- of the index below instead of a join with every clock of those leads and a
-- sort.
ALTER TABLE leads ADD COLUMN next_due_at TIMESTAMP;

UPDATE leads SET next_due_at = (
    SELECT c.due_at FROM sla_clocks c
    WHERE c.entity_type = 'lead' AND c.entity_id = leads.id AND c.closed_at IS NULL
);

-- `sort=next_due` with the list's commonest filters (grade and owner).
CREATE INDEX leads_company_grade_owner_due_idx ON leads (company_id, grade, owner_id, next_due_at, id);

-- The list no longer orders open clocks by deadline (the sweep reads
-- (state, due_at)); one index fewer to write per clock.
DROP INDEX sla_clocks_open_due_idx;
