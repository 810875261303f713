-- The write floor of an import (scripts/bench/floor/run.sh): the rows one
-- imported lead writes, generated ahead into unlogged staging tables and then
-- copied into the real tables with one INSERT ... SELECT per table, so what is
-- timed is the database's own work (heap, indexes, foreign keys, WAL, commit)
-- with no client, no parsing, no round trips. Shapes and sizes follow what
-- capture_batch.rs writes: customer, consent, lead, grading (a 1.3 KB
-- explanation), three events, an audit record, an SLA clock.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- A 36-character id ordered on i, like the uuid v7 strings of db::new_id().
CREATE OR REPLACE FUNCTION mkid(i bigint, tag text) RETURNS text AS $$
  SELECT overlay(overlay(overlay(overlay(
      lpad(to_hex(1800000000000 + i * 4), 12, '0') || '7' || substr(md5(i::text || tag), 1, 3)
      || '8' || substr(md5(i::text || tag), 4, 15)
    placing '-' from 9 for 0) placing '-' from 14 for 0) placing '-' from 19 for 0) placing '-' from 24 for 0)
$$ LANGUAGE sql IMMUTABLE;

INSERT INTO companies (id, name, created_at) VALUES ('co000000-0000-7000-8000-000000000001', 'floor', now());
INSERT INTO projects (id, company_id, name, city, created_at, updated_at)
  SELECT 'pr00000' || i, 'co000000-0000-7000-8000-000000000001', 'p' || i, 'sh', now(), now() FROM generate_series(0, 2) i;
INSERT INTO users (id, company_id, email, password_hash, display_name, role, created_at, updated_at)
  SELECT 'us0000' || lpad(i::text, 2, '0'), 'co000000-0000-7000-8000-000000000001', 'u' || i || '@floor', 'h', 'u', 'sales_rep', now(), now()
  FROM generate_series(0, 19) i;

CREATE UNLOGGED TABLE s_customers (LIKE customers INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE s_consents (LIKE consents INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE s_leads (LIKE leads INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE s_gradings (LIKE gradings INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE s_lead_events (LIKE lead_events INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE s_audit_events (LIKE audit_events INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE s_sla_clocks (LIKE sla_clocks INCLUDING DEFAULTS);

-- The same staging tables for two sessions loading at once (pg.sh's A2): a
-- session that sets search_path = st1, public stages and loads through these.
CREATE SCHEMA st1;
CREATE SCHEMA st2;
CREATE UNLOGGED TABLE st1.s_customers (LIKE customers INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st1.s_consents (LIKE consents INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st1.s_leads (LIKE leads INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st1.s_gradings (LIKE gradings INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st1.s_lead_events (LIKE lead_events INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st1.s_audit_events (LIKE audit_events INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st1.s_sla_clocks (LIKE sla_clocks INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st2.s_customers (LIKE customers INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st2.s_consents (LIKE consents INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st2.s_leads (LIKE leads INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st2.s_gradings (LIKE gradings INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st2.s_lead_events (LIKE lead_events INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st2.s_audit_events (LIKE audit_events INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE st2.s_sla_clocks (LIKE sla_clocks INCLUDING DEFAULTS);

-- Generates leads lo..hi (new customers, grades A/B/C in turn, 20 owners) into the staging tables.
CREATE OR REPLACE FUNCTION stage(lo bigint, hi bigint) RETURNS void AS $$
DECLARE co text := 'co000000-0000-7000-8000-000000000001';
BEGIN
TRUNCATE s_customers, s_consents, s_leads, s_gradings, s_lead_events, s_audit_events, s_sla_clocks;
INSERT INTO s_customers (id, company_id, name, phone_enc, phone_bidx, family_structure, occupation, created_at, updated_at)
 SELECT mkid(i, 'c'), co, '客户' || i, 'k1:' || encode(gen_random_bytes(39), 'base64'),
   encode(hmac(('p' || i)::bytea, 'k'::bytea, 'sha256'), 'hex'), '', '', now(), now()
 FROM generate_series(lo, hi) i;
INSERT INTO s_consents (id, company_id, customer_id, purpose, notice_version, channel, given_at)
 SELECT mkid(i, 'n'), co, mkid(i, 'c'), 'marketing', 'v1', 'import', now() FROM generate_series(lo, hi) i;
INSERT INTO s_leads (id, company_id, customer_id, project_id, source, budget_fen, purchase_timeframe, ability_to_pay,
   grade, grade_source, status, owner_id, assigned_at, created_via, version, created_at, updated_at, next_due_at, sla_state)
 SELECT mkid(i, 'l'), co, mkid(i, 'c'), 'pr00000' || (i % 3),
   (ARRAY['official_site', 'wechat', 'walk_in', 'exhibition', 'anjuke', 'beike'])[1 + i % 6],
   300000000 + i % 1000 * 10000, 'within_3_months', 'can_pay', (ARRAY['A', 'B', 'C'])[1 + i % 3], 'rules', 'new',
   'us0000' || lpad((i % 20)::text, 2, '0'), now(), 'import', 3, now() + (i || ' microseconds')::interval, now(),
   now() + ((i % 72) || ' hours')::interval, 'on_time'
 FROM generate_series(lo, hi) i;
INSERT INTO s_gradings (id, company_id, lead_id, grade, score, rule_set_version, explanation_json, manual, reason, created_at)
 SELECT mkid(i, 'g'), co, mkid(i, 'l'), (ARRAY['A', 'B', 'C'])[1 + i % 3], 70, 1,
   '{"decided_by":"a_timeframe","fired":[' || repeat('{"rule":"r_x","contribution":10,"fact":"within_3_months","matched":true},', 17) || '1]}',
   false, '', now()
 FROM generate_series(lo, hi) i;
INSERT INTO s_lead_events (id, company_id, lead_id, kind, actor_kind, reason, detail_json, created_at)
 SELECT mkid(i * 3 + k, 'e'), co, mkid(i, 'l'), (ARRAY['captured', 'graded', 'assigned'])[k + 1], 'user', 'walk_in',
   CASE k WHEN 0 THEN NULL ELSE '{"rule_set_version":1,"decided_by":"a_timeframe","role":"sales_manager","rule":"lead_assignment v1","open_leads":1234}' END,
   now()
 FROM generate_series(lo, hi) i, generate_series(0, 2) k;
INSERT INTO s_audit_events (id, company_id, actor_id, actor_kind, action, entity_type, entity_id, after_json, request_id, created_at)
 SELECT mkid(i, 'a'), co, 'us000000', 'user', 'lead.create', 'lead', mkid(i, 'l'),
   '{"project_id":"pr000001","source":"walk_in","budget_fen":300000000,"purchase_timeframe":"within_3_months","ability_to_pay":"can_pay","duplicate":false,"consent":{"purpose":"marketing","notice_version":"v1"}}',
   'req', now()
 FROM generate_series(lo, hi) i;
INSERT INTO s_sla_clocks (id, company_id, entity_type, entity_id, kind, rule, owner_id, warn_at, due_at, grace_until, state, created_at, updated_at)
 SELECT mkid(i, 's'), co, 'lead', mkid(i, 'l'), 'first_contact', 'lead_sla.a_first_contact_hours=24',
   'us0000' || lpad((i % 20)::text, 2, '0'), now() + interval '20h', now() + interval '24h', now() + interval '48h', 'on_time', now(), now()
 FROM generate_series(lo, hi) i;
END $$ LANGUAGE plpgsql;

-- Copies the staged rows of `tables` (in this order: customers before leads before what names a lead) into the real ones.
CREATE OR REPLACE FUNCTION load(tables text[]) RETURNS void AS $$
DECLARE t text;
BEGIN
FOREACH t IN ARRAY tables LOOP
  EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, 's_' || t);
END LOOP;
END $$ LANGUAGE plpgsql;
