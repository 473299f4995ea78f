#!/usr/bin/env bash
# Import benchmark: `casefile import` of 10,000 SMS ("SMS Backup & Restore" sms-*.xml) and
# 5,000 call-log entries (calls-*.xml), all from numbers a case knows, with the release build.
#
#     bench/import.sh [RUNS]        (default 3)
#     PROFILE=debug bench/import.sh  (the debug build as it is, not rebuilt: for a machine with no
#                                     release build yet; slower, and labelled as such)
#
# Prints, per run and as the median, the wall time of the import beside two baselines measured
# in the same run: unlocking the vault alone (`case list`: Argon2id, opening the database) and
# the same import with --dry-run (read, parse, route, deduplicate; nothing written).
# Target (issue 11): the import under 5 s. The work folder is under target/ and is removed.
set -euo pipefail

RUNS="${1:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PROFILE="${PROFILE:-release}"
BIN="$ROOT/target/$PROFILE/casefile"
WORK="$ROOT/target/bench-import"

if [ "$PROFILE" = release ]; then
  cargo build --release -p casefile --bin casefile --manifest-path "$ROOT/Cargo.toml" >&2
fi
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# 20 collector numbers; times spread over the 60 days before 2025-11-01 (+08:00).
python3 - "$WORK" <<'PY'
import sys, random
work = sys.argv[1]
random.seed(11)
numbers = [f"+86170{n:08d}" for n in range(20)]
start = 1761926400000 - 60 * 86400 * 1000  # 2025-11-01T00:00:00+08:00 minus 60 days, in ms
texts = ["【某某金融】您的借款已逾期，请尽快还款", "再不还就联系你的紧急联系人", "请于今日18:00前处理，否则上报征信",
         "我们会上门核实", "好的，我在协商分期"]
with open(f"{work}/sms-20261101000000.xml", "w", encoding="utf-8") as f:
    f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"10000\">\n")
    for i in range(10000):
        n = numbers[i % 20]
        t = start + i * 517_000
        kind = 2 if i % 7 == 0 else 1
        body = texts[i % len(texts)] + f" #{i}"
        f.write(f'  <sms protocol="0" address="{n}" date="{t}" type="{kind}" body="{body}" read="1" contact_name="(Unknown)" />\n')
    f.write("</smses>\n")
with open(f"{work}/calls-20261101000000.xml", "w", encoding="utf-8") as f:
    f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"5000\">\n")
    for i in range(5000):
        n = numbers[i % 20]
        t = start + i * 1_031_000
        kind = [1, 2, 3, 3, 5][i % 5]
        dur = 0 if kind in (3, 5) else 30 + i % 300
        f.write(f'  <call number="{n}" duration="{dur}" date="{t}" type="{kind}" presentation="1" contact_name="(Unknown)" />\n')
    f.write("</calls>\n")
print(" ".join(numbers), file=open(f"{work}/numbers", "w"))
PY

export CASEFILE_PASSPHRASE="benchmark passphrase"
ms() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

unlock=(); dry=(); real=()
for run in $(seq "$RUNS"); do
  V="$WORK/vault-$run"
  "$BIN" --vault "$V" init --kdf-memory-mib 64 >/dev/null
  CASE=$("$BIN" --vault "$V" case new --title bench --lender 某某小额贷款有限公司)
  args=()
  for n in $(cat "$WORK/numbers"); do args+=(--phone "$n"); done
  "$BIN" --vault "$V" party add "$CASE" --role collection_agency --name 某某催收 "${args[@]}" >/dev/null

  t0=$(ms); "$BIN" --vault "$V" case list >/dev/null; t1=$(ms)
  "$BIN" --vault "$V" --json import --dry-run --utc-offset +08:00 "$WORK"/sms-*.xml "$WORK"/calls-*.xml >"$WORK/dry.json"; t2=$(ms)
  "$BIN" --vault "$V" --json import --utc-offset +08:00 "$WORK"/sms-*.xml "$WORK"/calls-*.xml >"$WORK/real.json"; t3=$(ms)
  added=$(python3 -c "import json;print(json.load(open('$WORK/real.json'))['contacts_added'])")
  if [ "$added" != "15000" ]; then echo "expected 15000 contacts, imported $added" >&2; exit 1; fi
  unlock+=($(( (t1 - t0) / 1000000 ))); dry+=($(( (t2 - t1) / 1000000 ))); real+=($(( (t3 - t2) / 1000000 )))
  printf 'run %d: unlock only %5d ms   import --dry-run %5d ms   import %5d ms   (%s contacts)\n' \
    "$run" "${unlock[-1]}" "${dry[-1]}" "${real[-1]}" "$added"
done
mu=$(printf '%s\n' "${unlock[@]}" | median); md=$(printf '%s\n' "${dry[@]}" | median); mr=$(printf '%s\n' "${real[@]}" | median)
echo "$PROFILE build, median of $RUNS: unlock only ${mu} ms, import --dry-run ${md} ms, import ${mr} ms (10,000 SMS + 5,000 call-log entries)"
if [ "$mr" -lt 5000 ]; then echo "target < 5 s: met"; else echo "target < 5 s: NOT met"; fi
