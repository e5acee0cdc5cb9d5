//! partner-eval: evaluates community partners (社区合伙人) from the
//! spreadsheets community and street offices keep, and writes the reports
//! that decide renewal (续约), renewal after rectification (整改后续约) or
//! exit (退出).
//!
//! The data flows one way, one module per stage:
//! [`ingest`] (files → rows → typed records) → [`validate`] (checks across
//! rows and files) → scoring and reports (later stages). Every record keeps
//! its [`model::Origin`], so each number can be traced back to a row of the
//! user's own workbook.

pub mod analysis;
pub mod atomic;
pub mod cli;
pub mod files;
pub mod formula;
pub mod history;
pub mod indicators;
pub mod ingest;
pub mod lang;
pub mod model;
pub mod problem;
pub mod report;
pub mod samples;
pub mod schema;
pub mod score;
pub mod shard;
pub mod validate;
pub mod value;
