#!/usr/bin/env bash
# Installs what the end-to-end test (crate casefile-e2e) needs on a fresh Debian/Ubuntu machine:
#   - xvfb              a headless X server for the app window
#   - webkit2gtk-driver the WebKitWebDriver binary that tauri-driver forwards to on Linux
#   - tauri-driver      the WebDriver proxy that launches the Tauri app
# Idempotent: every step checks first, so running it again costs a few milliseconds.
# Run as root (CI here is root); elsewhere it uses sudo when available.
set -euo pipefail

# The 2.x line matches Tauri 2; crates.io also carries a 3.0 alpha, which we do not want.
TAURI_DRIVER_VERSION="${TAURI_DRIVER_VERSION:-2.1.0}"

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

missing=()
for pkg in xvfb webkit2gtk-driver; do
  # dpkg-query prints "install ok installed" only for a fully installed package.
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "e2e deps: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# tauri-driver has no --version flag; cargo's install list records what it installed
# ("tauri-driver v2.1.0:"). A tauri-driver on PATH that cargo did not install is reinstalled.
have=""
if command -v tauri-driver >/dev/null 2>&1; then
  have="$(cargo install --list 2>/dev/null | sed -n 's/^tauri-driver v\([^:]*\):$/\1/p' || true)"
fi
if [ "$have" != "$TAURI_DRIVER_VERSION" ]; then
  echo "e2e deps: cargo install tauri-driver@$TAURI_DRIVER_VERSION (have: ${have:-none})"
  cargo install tauri-driver --version "=$TAURI_DRIVER_VERSION" --locked --force
fi
