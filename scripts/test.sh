#!/usr/bin/env bash
# Runs every test of CaseFile on a fresh Debian/Ubuntu machine, installing what it needs.
#   ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== format"
cargo fmt --all --check

echo "== lint (whole workspace, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== desktop shell builds"
cargo build -p casefile-app --locked

echo "== core and CLI tests"
cargo test -p casefile --locked
