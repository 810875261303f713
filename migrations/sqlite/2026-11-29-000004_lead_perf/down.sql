DROP INDEX leads_owner_assigned_idx;
DROP INDEX leads_owner_status_idx;
DROP INDEX leads_company_grade_owner_idx;
