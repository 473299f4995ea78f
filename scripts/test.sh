#!/usr/bin/env bash
# Runs every test of CaseFile on a fresh Debian/Ubuntu machine, installing what it needs:
# the UI's type check, linter and unit tests; the Rust format check and linter; the core and CLI
# tests; the desktop shell's tests (including the TypeScript bindings drift check); and the
# end-to-end test that drives the real app window under Xvfb; and a brief run of every fuzz target.
#   ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/setup-e2e.sh

log=$(mktemp)
trap 'rm -f "$log" "$log.fuzz"' EXIT

echo "== UI: types, lint, unit tests, build"
npm run --silent typecheck
npm run --silent lint
NO_COLOR=1 npx vitest run --config ui/vite.config.ts 2>&1 | tee -a "$log"
npx vite build --config ui/vite.config.ts --logLevel warn

echo "== Rust format"
cargo fmt --all --check

echo "== Rust lint (whole workspace, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== desktop shell tests (bindings are current, media ranges)"
cargo test -p casefile-app --locked 2>&1 | tee -a "$log"
git diff --exit-code -- ui/src/platform/bindings.ts

echo "== core and CLI tests"
cargo test -p casefile --locked 2>&1 | tee -a "$log"

echo "== end-to-end: the real app under Xvfb"
cargo build -p casefile-app --locked
cargo test -p casefile-e2e --locked 2>&1 | tee -a "$log"

echo "== fuzzing every parser of outside bytes briefly (scripts/fuzz.sh runs longer)"
./scripts/fuzz.sh --quick 10 2>&1 | tee "$log.fuzz"

# One closing line for the whole run, summed over every test binary and Vitest.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     /^ +Tests +[0-9]+ passed/ { p += $2 }
     /^ +Tests +.*[0-9]+ failed/ { for (i = 1; i <= NF; i++) if ($i ~ /^failed/) f += $(i-1) }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
grep -E '^(fuzz:|[a-z_]+ +executions)' "$log.fuzz" || true
