#!/usr/bin/env bash
# Installs what building, running and testing CaseFile needs on Debian/Ubuntu, idempotently:
# only missing packages are installed, so a second run does nothing.
# Sourced by scripts/test.sh and scripts/app.sh; can also be run on its own.
set -euo pipefail

APT_PACKAGES=(
  # building the core (SQLCipher links the system OpenSSL) and the desktop shell
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev
  # running and testing: a virtual display, Chinese fonts, file type tools
  xvfb fonts-noto-cjk
  # reading generated PDFs back in tests
  poppler-utils qpdf python3
  # the full-disk test mounts a small tmpfs
  mount
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: Rust is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
    exit 1
  fi
fi
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done
