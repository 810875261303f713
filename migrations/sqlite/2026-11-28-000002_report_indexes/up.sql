-- Reports (issue 3 point 11) count leads per project and capture period. The
-- existing leads (company_id, created_at) index serves company-wide reports;
-- this one serves one project, or a sales manager's granted projects (one
-- range per project), with the company guard inside the index: with
-- (project_id, created_at) alone, PostgreSQL cannot know that a project implies
-- its company and prefers a slower bitmap AND of two indexes.
-- The other report filters have indexes already: lead_events (company_id, kind,
-- created_at) for breaches, lead_events (lead_id, id) for the duplicate check,
-- users and user_projects by key.
CREATE INDEX leads_company_project_created_idx ON leads (company_id, project_id, created_at);
