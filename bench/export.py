#!/usr/bin/env python3
"""Export benchmark: the evidence PDF of a case with 100 screenshots (~1.5 MB each, PNG and
JPEG mixed) and 500 contact records, with the release build.

    python3 bench/export.py

Prints time, peak memory and PDF size beside the total size of the images (the baseline).
Targets (issue #4): under 15 s, PDF no larger than 1.2x the images + 2 MB, peak memory < 1 GiB.
The PDF is measured both with the originals attached (the default) and without.
"""

import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "casefile")
WORK = os.path.join(ROOT, "target", "bench-export")


def run(argv, env):
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    took = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{argv} failed: {err.decode(errors='replace')}")
    return took, usage.ru_maxrss / 1024.0, out


def main():
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "casefile", "--bin", "casefile",
                    "--example", "bench_export_setup"], cwd=ROOT, check=True)
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    try:
        vault = os.path.join(WORK, "vault")
        setup = os.path.join(ROOT, "target", "release", "examples", "bench_export_setup")
        out = subprocess.run([setup, vault], check=True, capture_output=True).stdout.decode().split()
        case_id, images = out[0], int(out[1])
        env = dict(os.environ, CASEFILE_PASSPHRASE="benchmark passphrase", CASEFILE_VAULT=vault)
        mib = 1 << 20
        print(f"export benchmark: 100 images, {images / mib:.1f} MiB in total (baseline), 500 contacts")
        for label, extra in (("with originals attached", []), ("--no-attachments", ["--no-attachments"])):
            pdf = os.path.join(WORK, f"out{len(extra)}.pdf")
            took, rss, _ = run([BIN, "export", "pdf", case_id, "--out", pdf] + extra, env)
            size = os.path.getsize(pdf)
            limit = 1.2 * images + 2 * mib
            print(f"  {label:<24} {took:6.2f} s (target < 15 s)   peak RSS {rss:7.1f} MiB (target < 1024)"
                  f"   PDF {size / mib:7.1f} MiB = {size / images:.2f}x images"
                  f" (target <= {limit / mib:.1f} MiB: {'met' if size <= limit else 'NOT met'})")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
