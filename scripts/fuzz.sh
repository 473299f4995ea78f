#!/usr/bin/env bash
# Fuzzes every parser that reads untrusted bytes (see fuzz/ and src/fuzzing.rs): runs each
# cargo-fuzz target for a bounded time, then replays every committed crash input under
# fuzz/regressions/<target>/, and prints one line per target: executions, new crashes and
# panics of third-party decoders that the product catches (pdf_* targets only).
#   ./scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#   ./scripts/fuzz.sh --quick [SECONDS]      (default 10: the brief run of the test command)
#   FUZZ_TARGETS="media_duration exif" ./scripts/fuzz.sh 30   (a subset)
# The full run builds with the address sanitizer and optimisations (the first build takes long);
# --quick builds without a sanitizer and without optimisations (a much shorter build; Rust's own
# checks and debug assertions still catch panics, overflows and runaway allocations).
# Exits non-zero when a target crashes (panic, timeout over 10 s, more than 2 GiB) or a
# regression input fails. New crash inputs are left in fuzz/artifacts/<target>/: fix the
# parser, then commit the input under fuzz/regressions/<target>/ (the unit tests in
# src/fuzzing.rs replay those on stable too). Needs the nightly toolchain (`cargo +nightly`);
# without it the script says "skipped" and exits 0, except under CI where it fails.
set -euo pipefail
cd "$(dirname "$0")/.."

build_flags=(--debug-assertions)
mode="address sanitizer, optimised, debug assertions"
default_seconds=60
if [ "${1:-}" = "--quick" ]; then
    shift
    build_flags=(--dev --sanitizer none)
    mode="no sanitizer, unoptimised, debug assertions"
    default_seconds=10
fi
seconds=${1:-$default_seconds}
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [--quick] [SECONDS_PER_TARGET]" >&2
    exit 2
fi
all_targets="media_duration exif vault_header pack pack_manifest pdf_import pdf_render capture timestamp_response"
targets=${FUZZ_TARGETS:-$all_targets}

if ! cargo +nightly --version >/dev/null 2>&1 && command -v rustup >/dev/null; then
    echo "== installing the nightly toolchain (cargo fuzz needs it)"
    rustup toolchain install nightly --profile minimal || true
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
    if [ -n "${CI:-}" ]; then
        echo "fuzz: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
        exit 1
    fi
    echo "fuzz: skipped (no nightly toolchain; install it with: rustup toolchain install nightly)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# Seeds are generated (src/fuzzing.rs, ignored test write_seeds), never copied in.
for t in $targets; do
    if [ -z "$(ls -A "fuzz/seeds/$t" 2>/dev/null)" ]; then
        echo "== writing seed inputs"
        cargo test -p casefile --lib --quiet fuzzing::tests::write_seeds -- --ignored >/dev/null
        break
    fi
done

echo "== building the fuzz targets (nightly; $mode)"
cargo +nightly fuzz build "${build_flags[@]}"

logs=fuzz/artifacts/logs
mkdir -p "$logs"
failed=0
summary=()
for t in $targets; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    before=$(find "fuzz/artifacts/$t" -maxdepth 1 -type f | sort)
    echo "== fuzzing $t for ${seconds}s"
    status=0
    cargo +nightly fuzz run "${build_flags[@]}" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        >"$logs/$t.log" 2>&1 || status=$?
    after=$(find "fuzz/artifacts/$t" -maxdepth 1 -type f | sort)
    new=$(comm -13 <(echo "$before") <(echo "$after") | grep -c . || true)
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | tail -1 | grep -o '[0-9]*$' || true)
    guarded=$({ grep -o 'casefile-fuzz: guarded third-party panic at .*' "$logs/$t.log" || true; } | sort -u | wc -l)
    if [ "$status" -ne 0 ] && [ "$new" -eq 0 ]; then
        new=1 # crashed without leaving an input (e.g. a build or start-up failure)
    fi
    if [ "$new" -ne 0 ]; then
        failed=1
        echo "   $t crashed; see $logs/$t.log and fuzz/artifacts/$t/"
        grep -m5 -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$logs/$t.log" | sed 's/^/   /' || true
    fi
    summary+=("$(printf '%-15s executions %10s   new crashes %s   guarded third-party panics %s' \
        "$t" "${execs:-?}" "$new" "$guarded")")
done

echo "== replaying committed crash inputs (fuzz/regressions)"
for t in $targets; do
    dir="fuzz/regressions/$t"
    [ -n "$(ls -A "$dir" 2>/dev/null)" ] || continue
    n=$(find "$dir" -maxdepth 1 -type f | wc -l)
    if cargo +nightly fuzz run "${build_flags[@]}" "$t" "$dir"/* -- -rss_limit_mb=2048 -timeout=10 \
        >"$logs/$t.regressions.log" 2>&1; then
        echo "   $t: $n inputs pass"
    else
        failed=1
        echo "   $t: a committed crash input fails again; see $logs/$t.regressions.log"
    fi
done

echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
    echo "fuzz: FAILED" >&2
    exit 1
fi
echo "fuzz: no crashes"
