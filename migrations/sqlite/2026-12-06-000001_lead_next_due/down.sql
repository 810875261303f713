CREATE INDEX sla_clocks_open_due_idx ON sla_clocks (entity_type, due_at, entity_id) WHERE closed_at IS NULL;
DROP INDEX leads_company_grade_owner_due_idx;
ALTER TABLE leads DROP COLUMN next_due_at;
