//! CaseFile (债务案卷): an encrypted, tamper-evident evidence vault for a person in debt.
//!
//! The core has no UI. Everything the CLI and the desktop shell do is a function in [`api`].
//! Dependencies point one way: [`domain`] ← [`vault`], [`db`], [`chain`] ← [`api`].

pub mod api;
pub(crate) mod atomic;
pub mod capture;
pub mod chain;
pub mod db;
pub mod domain;
mod error;
pub mod export;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod timestamp;
pub mod vault;

pub use error::{Error, ErrorCode, Result, exit};
