#!/usr/bin/env bash
# Installs what building, running and testing CaseFile needs on Debian/Ubuntu, idempotently:
# only missing packages are installed, so a second run does nothing.
# Sourced by scripts/test.sh and scripts/app.sh; can also be run on its own.
set -euo pipefail

APT_PACKAGES=(
  # building the core (SQLCipher links the system OpenSSL) and the desktop shell
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev
  # running and testing: a virtual display, Chinese fonts, the WebDriver for the app's webview
  xvfb fonts-noto-cjk webkit2gtk-driver
  # reading generated PDFs back in tests
  poppler-utils qpdf python3
  # the full-disk test mounts a small tmpfs
  mount
  # the kill-point test kills commands at chosen syscalls by fault injection
  strace
  # playing call recordings in the app's webview: WebKitGTK plays media through GStreamer, and
  # AAC (M4A) and AMR need the libav plugins; the same packages are the .deb's depends
  gstreamer1.0-libav gstreamer1.0-plugins-good
  # HEIC/AVIF photos drawn in the evidence PDF (the `heif` feature links the system libheif;
  # Debian's libheif1 brings its HEVC and AV1 codecs, which the tests also encode with);
  # libheif1 is the .deb's depend
  libheif-dev
  # the trusted-timestamp tests run a real RFC 3161 authority with `openssl ts -reply`
  openssl
  # the password-protected pack is opened with 7-Zip in the tests, as a lawyer opens it
  p7zip-full
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

# Node.js runs the UI's build, linter and unit tests (Vite 8 needs 20.19 or newer).
if ! command -v node >/dev/null 2>&1 || ! node -e '
  const [a, b] = process.versions.node.split(".").map(Number);
  process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "setup: Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "       Install it (for example from https://nodejs.org or your distribution), then run this again." >&2
  exit 1
fi

# The UI's npm packages, exactly as locked; reinstalled only when package-lock.json changes.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.casefile-lock-hash ] || [ "$(cat node_modules/.casefile-lock-hash)" != "$lock_hash" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.casefile-lock-hash
fi
