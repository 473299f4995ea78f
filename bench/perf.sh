#!/usr/bin/env bash
# Performance benchmarks of issue 15, each measured beside its baseline in the same run, with the
# release build. Wall time and peak RSS come from /usr/bin/time (-f "%e %M", the same counters
# as -v); each step runs RUNS times and the median is printed, with the raw runs.
#
#   bench/perf.sh [SECTION...]          SECTION: files pdf contacts (default: all)
#
# Environment: SIZES_MIB="256 1024"  SHOTS="100 300"  CONTACTS="1000 10000"  RUNS=3
#              BENCH_DIR=target/bench-perf (same disk as a vault would be; removed afterwards)
#              PROFILE=release (PROFILE=debug only to try the script itself: its numbers mean nothing)
#
# files:    for each size, a file of random bytes (does not compress, type unknown):
#           intake   `casefile evidence add`      vs `cp` + `sync`
#           verify   `casefile verify`            vs `openssl dgst -sha256`   (+ verify --quick)
#           pack     `casefile export pack`       vs `zip -0` (+ `sync`: the pack is fsynced)
#           unlock   `casefile case list` (Argon2id 64 MiB, 3 passes) — no baseline
# pdf:      for each count, phone screenshots (1080×2400 8-bit RGB PNG): `casefile export pdf
#           --no-attachments` vs img2pdf (PyPI, in a venv under BENCH_DIR) on the same PNGs, and
#           the default export with the originals attached
# contacts: for each count, the evidence PDF of a case with that many contact records
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${PROFILE:-release}
BIN=$ROOT/target/$PROFILE/casefile
SETUP=$ROOT/target/$PROFILE/examples/bench_setup
WORK=${BENCH_DIR:-$ROOT/target/bench-perf}
SIZES_MIB=${SIZES_MIB:-256 1024}
SHOTS=${SHOTS:-100 300}
CONTACTS=${CONTACTS:-1000 10000}
RUNS=${RUNS:-3}
SECTIONS=${*:-files pdf contacts}
export CASEFILE_PASSPHRASE="benchmark passphrase"

if [ "$PROFILE" = release ]; then
  cargo build --release -q -p casefile --bin casefile --example bench_setup --manifest-path "$ROOT/Cargo.toml"
else
  cargo build -q -p casefile --bin casefile --example bench_setup --manifest-path "$ROOT/Cargo.toml"
fi
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

echo "perf benchmark ($PROFILE build) $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# timed LABEL CMD...: runs CMD, appends "wall_s peak_mib" to $WORK/LABEL.
timed() {
  local label=$1
  shift
  if ! /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$@" >"$WORK/cmd.out" 2>"$WORK/cmd.err"; then
    echo "FAILED: $*" >&2
    cat "$WORK/cmd.err" >&2
    exit 1
  fi
  awk '{printf "%s %.1f\n", $1, $2 / 1024}' "$WORK/time.out" >>"$WORK/m-$label"
}

# median of column COL of file $WORK/LABEL
median() {
  sort -n -k"$2" "$WORK/m-$1" | awk -v c="$2" '{v[NR]=$c} END {if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'
}
runs() { awk '{printf "%s ", $1}' "$WORK/m-$1"; }
peak() { sort -n -k2 "$WORK/m-$1" | tail -1 | awk '{print $2}'; }

# line NAME LABEL BASE_NAME BASE_LABEL TARGET: one measurement beside its baseline
line() {
  local t b
  t=$(median "$2" 1)
  b=$(median "$4" 1)
  printf "  %-34s %7.2f s  peak %7.1f MiB   vs %-26s %7.2f s  ratio %5.2fx  (target %s)   runs: %s| %s\n" \
    "$1" "$t" "$(peak "$2")" "$3" "$b" "$(awk -v a="$t" -v b="$b" 'BEGIN{print (b > 0 ? a / b : 0)}')" \
    "$5" "$(runs "$2")" "$(runs "$4")"
}

files() {
  local mib=$1
  local d=$WORK/files-$mib
  mkdir -p "$d"
  head -c "${mib}M" /dev/urandom >"$d/recording.bin"
  for r in $(seq "$RUNS"); do
    local vault=$d/vault
    rm -rf "$vault" "$d/out.zip" "$d/copy.bin" "$d/base.zip"
    export CASEFILE_VAULT=$vault
    "$BIN" init --kdf-memory-mib 64 >/dev/null
    local case_id
    case_id=$("$BIN" case new --title "bench $r" --lender L)
    cat "$d/recording.bin" >/dev/null
    sync
    timed "cp-$mib" sh -c "cp '$d/recording.bin' '$d/copy.bin' && sync"
    rm -f "$d/copy.bin"
    sync
    timed "unlock-$mib" "$BIN" case list
    sync
    timed "add-$mib" "$BIN" evidence add "$case_id" "$d/recording.bin"
    timed "sha-$mib" openssl dgst -sha256 "$d/recording.bin"
    timed "verify-$mib" "$BIN" verify
    timed "quick-$mib" "$BIN" verify --quick
    sync
    timed "zip-$mib" zip -0 -q "$d/base.zip" "$d/recording.bin"
    rm -f "$d/base.zip"
    sync
    timed "zipsync-$mib" sh -c "zip -0 -q '$d/base.zip' '$d/recording.bin' && sync"
    rm -f "$d/base.zip"
    sync
    timed "pack-$mib" "$BIN" export pack "$case_id" --out "$d/out.zip"
    "$BIN" verify-pack "$d/out.zip" >/dev/null
  done
  echo "files: ${mib} MiB of random bytes (type unknown), median of $RUNS runs"
  line "intake: casefile evidence add" "add-$mib" "cp + sync" "cp-$mib" "<= 1.25x"
  line "verify: casefile verify" "verify-$mib" "openssl dgst -sha256" "sha-$mib" "<= 1.25x"
  line "verify --quick" "quick-$mib" "openssl dgst -sha256" "sha-$mib" "daily check"
  line "pack: casefile export pack" "pack-$mib" "zip -0" "zip-$mib" "<= 1.25x"
  line "pack: casefile export pack" "pack-$mib" "zip -0 + sync" "zipsync-$mib" "<= 1.25x"
  line "unlock: casefile case list" "unlock-$mib" "cp + sync (for scale)" "cp-$mib" "-"
  echo "  (each casefile command above includes its unlock, the line before)"
  rm -rf "$d"
}

venv() {
  if [ ! -x "$WORK/venv/bin/img2pdf" ]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q img2pdf >/dev/null
  fi
  echo "  img2pdf $("$WORK/venv/bin/img2pdf" --version 2>&1 | tail -1)"
}

pdf() {
  local n=$1
  local d=$WORK/pdf-$n
  mkdir -p "$d"
  venv
  local out case_id bytes
  out=$("$SETUP" screenshots "$d/vault" "$n" "$d/shots")
  case_id=${out% *}
  bytes=${out#* }
  export CASEFILE_VAULT=$d/vault
  for r in $(seq "$RUNS"); do
    rm -f "$d"/*.pdf
    sync
    timed "img2pdf-$n" "$WORK/venv/bin/img2pdf" "$d"/shots/*.png -o "$d/img2pdf.pdf"
    sync
    timed "pdfna-$n" "$BIN" export pdf "$case_id" --no-attachments --out "$d/na.pdf"
    sync
    timed "pdf-$n" "$BIN" export pdf "$case_id" --out "$d/att.pdf"
  done
  local base target
  base=$(median "img2pdf-$n" 1)
  target=$(awk -v b="$base" 'BEGIN{printf "<= %.1f s = 1.5x img2pdf + 1 s", 1.5 * b + 1}')
  echo "pdf: $n screenshots, $((bytes / 1048576)) MiB of PNG, median of $RUNS runs" \
    "(PDF sizes: img2pdf $(($(stat -c %s "$d/img2pdf.pdf") / 1048576)) MiB," \
    "no attachments $(($(stat -c %s "$d/na.pdf") / 1048576)) MiB, attached $(($(stat -c %s "$d/att.pdf") / 1048576)) MiB)"
  line "export pdf --no-attachments" "pdfna-$n" "img2pdf" "img2pdf-$n" "$target"
  line "export pdf (originals attached)" "pdf-$n" "img2pdf" "img2pdf-$n" "$target"
  rm -rf "$d"
}

contacts() {
  local n=$1
  local d=$WORK/contacts-$n
  mkdir -p "$d"
  local out case_id
  out=$("$SETUP" contacts "$d/vault" "$n")
  case_id=${out% *}
  export CASEFILE_VAULT=$d/vault
  for r in $(seq "$RUNS"); do
    rm -f "$d/c.pdf"
    timed "contacts-$n" "$BIN" export pdf "$case_id" --out "$d/c.pdf"
    timed "contacts-unlock-$n" "$BIN" case list
  done
  line "contact log: export pdf, $n contacts" "contacts-$n" "unlock alone" "contacts-unlock-$n" "linear in n"
  rm -rf "$d"
}

for s in $SECTIONS; do
  case $s in
    files) for m in $SIZES_MIB; do files "$m"; done ;;
    pdf) for n in $SHOTS; do pdf "$n"; done ;;
    contacts) for n in $CONTACTS; do contacts "$n"; done ;;
    *) echo "unknown section $s" >&2; exit 2 ;;
  esac
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
