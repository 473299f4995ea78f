#!/usr/bin/env bash
# Builds the installable desktop package (.deb here; the config is ready for Windows and macOS).
#   ./scripts/bundle.sh            -> target/release/bundle/deb/CaseFile_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# tauri.conf.json lives at the repository root; src-tauri/tauri.conf.json links to it, and
# TAURI_APP_PATH keeps the Tauri CLI from taking the root package for the app.
TAURI_APP_PATH=src-tauri npx tauri build --bundles deb "$@"
