//! Integration tests: the real server on port 0 against a fresh database per
//! test, SQLite by default and PostgreSQL when `ESTATE_CRM_TEST_DB=postgres`
//! (with `TEST_POSTGRES_URL`). `scripts/test.sh` runs both.

mod helpers;

mod audit;
mod auth;
mod conventions;
mod jobs;
mod openapi;
mod projects;
mod units;
mod users;
