//! Membership (DOMAIN §4): tiers, benefits and the points ledger.
//!
//! Sales reach membership only through [`hooks`], called by the deals module
//! inside its write transaction, so membership never reads the deals tables.

pub mod hooks;
