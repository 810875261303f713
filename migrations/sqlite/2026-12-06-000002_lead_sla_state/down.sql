ALTER TABLE leads DROP COLUMN sla_state;
