//! Integration tests of the core and the `casefile` program, one binary, each test with a real
//! vault in its own scratch folder (under Cargo's target tmp dir, not the system temp folder,
//! so the plaintext-leak test can scan the system temp folder for markers).

mod tsa;
mod util;

mod action_pdf;
mod case_summary;
mod casework;
mod cli;
mod contact_log_pdf;
mod crash;
mod english_pdf;
mod export;
mod format;
mod guards;
mod import;
mod intake;
mod jobs;
mod kill_points;
mod media;
mod pack;
mod profile;
mod secrets;
mod timestamp_app;
mod timestamps;
mod verify;
