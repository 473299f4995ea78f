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
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test -p casefile --locked 2>&1 | tee "$log"
# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
