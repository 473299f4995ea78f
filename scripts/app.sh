#!/usr/bin/env bash
# Installs what is needed, builds and opens the CaseFile desktop app.
# The vault lives in your data folder (~/.local/share/casefile) unless CASEFILE_VAULT says otherwise.
#   ./scripts/app.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# The interface is built first: the app embeds ui/dist.
npm run --silent build
cargo build --release -p casefile-app -p casefile --locked
exec ./target/release/casefile-app "$@"
