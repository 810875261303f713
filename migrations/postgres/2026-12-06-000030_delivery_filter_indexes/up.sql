-- An index for every filter of the delivery lists (defects, visits, inspections).
CREATE INDEX defects_building_idx ON defects (company_id, building_id, id);
CREATE INDEX defects_category_idx ON defects (company_id, category, id);
CREATE INDEX handover_visits_unit_idx ON handover_visits (unit_id, id);
CREATE INDEX handover_visits_status_idx ON handover_visits (company_id, status, id);
CREATE INDEX handover_visits_kind_idx ON handover_visits (company_id, kind, id);
CREATE INDEX handover_visits_project_idx ON handover_visits (project_id, id);
CREATE INDEX inspections_kind_idx ON inspections (company_id, kind, id);
