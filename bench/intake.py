#!/usr/bin/env python3
"""Intake benchmark: `casefile evidence add` of one large file against `cp` + `sync` of the
same file (the disk's own speed), in the same run, with the release build.

    python3 bench/intake.py [SIZE_MIB] [RUNS]      (defaults: 1024 MiB, 3 runs)

Prints the median wall time of each, the ratio, and the peak RSS of the casefile process.
Targets (issue #2): intake within 1.25x of the baseline, peak RSS under 64 MiB.
The work folder is under target/ (same disk as a vault would be); it is removed afterwards.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "casefile")
WORK = os.path.join(ROOT, "target", "bench-intake")
PASSPHRASE = "benchmark passphrase"


def vm_rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def run_measured(argv, env=None, intake_dir=None):
    """Runs argv, returns (seconds, peak RSS in MiB, stdout, peak RSS while intake runs).

    The last is sampled from /proc every few ms while a `*.partial` file exists in
    `intake_dir`, i.e. after unlocking (whose Argon2id working memory is at least 64 MiB by
    design) and during the streaming intake itself.
    """
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    intake_peak = 0.0
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG if intake_dir else 0)
        if pid != 0:
            break
        if any(n.endswith(".partial") for n in os.listdir(intake_dir)):
            rss = vm_rss_mib(p.pid)
            if rss is not None:
                intake_peak = max(intake_peak, rss)
        time.sleep(0.005)
    out = p.stdout.read()
    err = p.stderr.read()
    p.returncode = os.waitstatus_to_exitcode(status)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed: {err.decode(errors='replace')}")
    return took, usage.ru_maxrss / 1024.0, out, intake_peak


def make_source(path, size_mib):
    if os.path.exists(path) and os.path.getsize(path) == size_mib << 20:
        return
    chunk = 1 << 20
    with open(path, "wb") as f:
        for _ in range(size_mib):
            f.write(os.urandom(chunk))


def main():
    size_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "casefile"], cwd=ROOT, check=True)
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    try:
        src = os.path.join(WORK, "recording.bin")
        make_source(src, size_mib)
        vault = os.path.join(WORK, "vault")
        env = dict(os.environ, CASEFILE_PASSPHRASE=PASSPHRASE, CASEFILE_VAULT=vault)
        subprocess.run([BIN, "init", "--kdf-memory-mib", "64"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        # Read the source once so both sides start from a warm page cache.
        with open(src, "rb") as f:
            while f.read(1 << 24):
                pass

        base, add, unlock, rss = [], [], [], []
        for i in range(runs):
            dst = os.path.join(WORK, "copy.bin")
            subprocess.run(["sync"], check=True)
            t, _, _, _ = run_measured(["sh", "-c", f'cp "{src}" "{dst}" && sync'])
            base.append(t)
            os.remove(dst)
            subprocess.run(["sync"], check=True)

            t, unlock_peak, _, _ = run_measured([BIN, "case", "list"], env)
            unlock.append(t)
            _, _, out, _ = run_measured([BIN, "case", "new", "--title", f"bench {i}", "--lender", "L"], env)
            case_id = out.decode().strip()
            subprocess.run(["sync"], check=True)
            t, peak, out, intake_peak = run_measured(
                [BIN, "--json", "evidence", "add", case_id, src], env, os.path.join(vault, "tmp"))
            if json.loads(out)[0]["status"] != "added":
                sys.exit("the benchmark file was not added")
            add.append(t)
            rss.append((peak, unlock_peak, intake_peak))

        b, a, u = statistics.median(base), statistics.median(add), statistics.median(unlock)
        mib = size_mib
        print(f"intake benchmark: {mib} MiB file, {runs} runs, median wall time")
        print(f"  baseline  cp + sync            {b:7.3f} s   {mib / b:7.0f} MiB/s")
        print(f"  casefile  evidence add         {a:7.3f} s   {mib / a:7.0f} MiB/s"
              f"   ratio {a / b:.2f}x  (target <= 1.25x)")
        print(f"  of which  unlock + open vault  {u:7.3f} s   (casefile case list)")
        print(f"  casefile  intake alone         {a - u:7.3f} s   ratio {(a - u) / b:.2f}x")
        print(f"  peak RSS  evidence add, whole  {max(r[0] for r in rss):7.1f} MiB"
              "  (includes Argon2id's 64 MiB unlock)")
        print(f"  peak RSS  unlock only          {max(r[1] for r in rss):7.1f} MiB  (casefile case list)")
        print(f"  peak RSS  during intake        {max(r[2] for r in rss):7.1f} MiB"
              "  (sampled while streaming; target < 64 MiB)")
        print(f"  raw runs  baseline {['%.3f' % x for x in base]}  add {['%.3f' % x for x in add]}")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
