//! Integration tests: the real server on port 0 against a fresh database per
//! test, SQLite by default and PostgreSQL when `ESTATE_CRM_TEST_DB=postgres`
//! (with `TEST_POSTGRES_URL`). `scripts/test.sh` runs both.

mod helpers;

mod api_keys;
mod audit;
mod auth;
mod cli_import;
mod conventions;
mod customer360;
mod customers;
mod deals;
mod delivery;
mod demo;
mod import;
mod import_batch;
mod import_chunks;
mod jobs;
mod lead_capture_privacy;
mod lead_list_session;
mod lead_routing;
mod lead_spa;
mod lead_work;
mod leads;
mod membership;
mod membership_access;
mod membership_benefits;
mod membership_points;
mod openapi;
mod owner_me;
mod owners;
mod project_deletes;
mod projects;
mod referrals;
mod reports;
mod settings;
mod sla;
mod units;
mod users;
mod wire_times;
