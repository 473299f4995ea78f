#!/usr/bin/env bash
# What the end-to-end test needs beyond scripts/setup.sh: tauri-driver, the WebDriver proxy that
# launches the app (xvfb and webkit2gtk-driver come from setup.sh). Idempotent. Sourced by test.sh.
set -euo pipefail

# The 2.x line matches Tauri 2; crates.io also carries a 3.0 alpha, which we do not want.
TAURI_DRIVER_VERSION="${TAURI_DRIVER_VERSION:-2.1.0}"
# tauri-driver has no --version flag; cargo's install list records what it installed.
have=""
if command -v tauri-driver >/dev/null 2>&1; then
  have="$(cargo install --list 2>/dev/null | sed -n 's/^tauri-driver v\([^:]*\):$/\1/p' || true)"
fi
if [ "$have" != "$TAURI_DRIVER_VERSION" ]; then
  echo "setup: cargo install tauri-driver@$TAURI_DRIVER_VERSION (have: ${have:-none})"
  cargo install tauri-driver --version "=$TAURI_DRIVER_VERSION" --locked --force
fi
