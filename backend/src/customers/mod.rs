//! Customers: one person each, identified by phone (encrypted, blind-indexed).

pub mod queries;
