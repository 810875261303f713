-- Lead list performance (issue 3 point 13, scripts/bench/RESULTS.md).
--
-- The list's commonest shape, "one owner's leads of one grade", filters by
-- company, grade and owner and pages by id (keyset): this index answers it as
-- one range scan in keyset order, however deep the page. Without it the
-- database walked (company_id, grade, id) or (owner_id, id) and dropped the
-- other owners' or grades' rows one by one. (Owner alone is served by
-- leads_owner_idx, grade alone by leads_grade_idx.)
CREATE INDEX leads_company_grade_owner_idx ON leads (company_id, grade, owner_id, id);

-- Automatic assignment (leads/assignment.rs) ranks the eligible staff by
-- their open leads, then by when they were last assigned. With a million
-- leads, counting a user's open leads through (owner_id, id) read every lead
-- row of that user; these two answer the count from the index alone and the
-- latest assignment with one probe.
CREATE INDEX leads_owner_status_idx ON leads (owner_id, status);
CREATE INDEX leads_owner_assigned_idx ON leads (owner_id, assigned_at);
