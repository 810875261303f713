-- The state of the lead's open SLA clock, beside its deadline (next_due_at),
-- NULL without a clock. Written only by the lead clock (backend/src/leads/sla.rs:
-- start, close, the import's set-based start and the sweep's transitions), so
-- the lead list reads and filters it without joining the clocks.
ALTER TABLE leads ADD COLUMN sla_state TEXT;

UPDATE leads SET sla_state = (
    SELECT c.state FROM sla_clocks c
    WHERE c.entity_type = 'lead' AND c.entity_id = leads.id AND c.closed_at IS NULL
);
