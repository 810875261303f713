DROP INDEX inspections_kind_idx;
DROP INDEX handover_visits_project_idx;
DROP INDEX handover_visits_kind_idx;
DROP INDEX handover_visits_status_idx;
DROP INDEX handover_visits_unit_idx;
DROP INDEX defects_category_idx;
DROP INDEX defects_building_idx;
