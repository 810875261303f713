DROP INDEX leads_owner_due_idx;
DROP INDEX leads_company_grade_owner_due_idx;
ALTER TABLE leads DROP COLUMN next_due_at;
