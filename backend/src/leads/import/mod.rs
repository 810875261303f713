//! Lead import (issue 3 point 10): a CSV or XLSX file of leads, through the
//! API (`POST /api/v1/leads/imports`) or the CLI (`estate-crm import leads FILE`).
//!
//! Every row is read ([`parse`], [`columns`], [`values`]) and validated like
//! the capture API ([`rows`]); bad rows are reported by line and field and not
//! imported; good rows go through the one capture path
//! ([`crate::leads::capture::capture`]), so they are de-duplicated by phone,
//! graded, assigned and clocked exactly as if captured one by one ([`run`]).

pub mod columns;
pub mod handlers;
pub mod parse;
pub mod rows;
pub mod run;
pub mod values;

pub use parse::{read_table, FileKind, Table, MAX_FILE_BYTES};
pub use rows::{ImportDefaults, ProjectIndex};
pub use run::{chunk_rows, import, CHUNK_ROWS, CHUNK_ROWS_POSTGRES};
