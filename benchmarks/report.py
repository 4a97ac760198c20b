"""Every throughput and memory target of Leidur, measured side by side in one run.

    python benchmarks/report.py                 # the full run (200 MB corpus, 2 GB file, 100,000 files)
    python benchmarks/report.py --quick         # smaller inputs, for a first look

Runs the other benchmarks of this folder one after another (never at the same
time: they would share the cores), then prints their tables. Throughput is
wall-clock (run it on an otherwise idle machine; the load average is printed)
next to CPU seconds per MB, which other work on the machine changes little.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def run(script: str, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO), LEIDUR_KEY="benchmark")
    result = subprocess.run([sys.executable, str(HERE / script), *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        return f"{script} failed:\n{result.stderr[-3000:]}"
    return result.stdout.strip()


def best_of(times: int, command: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO), LEIDUR_KEY="benchmark")
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def startup() -> str:
    leidur = [sys.executable, "-m", "scanner"]
    help_seconds = best_of(5, [*leidur, "--help"])
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as out:
        empty_seconds = best_of(3, [*leidur, "scan", empty, "--out", out, "-q"])
    return (f"| command | seconds (best) | target |\n|---|---:|---|\n"
            f"| `leidur --help` | {help_seconds:.2f} | < 0.3 |\n"
            f"| `leidur scan EMPTY_FOLDER` | {empty_seconds:.2f} | < 3 |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs: 30 MB corpus, 200 MB file, 10,000 files")
    args = parser.parse_args()
    size, big, files = ("30", "200", "10000") if args.quick else ("200", "2048", "100000")
    sections = [
        ("Plain text share: leidur on 1 and 2 cores, grep -E, plain Presidio", run("bench_scan.py", "--size-mb", size)),
        ("Detection alone, per kind of text (CPU time, so load does not change it much)",
         run("bench_hotpath.py", "--mb", "2" if args.quick else "8", "--person")),
        ("Peak memory", run("bench_memory.py", "--big-mb", big, "--files", files)),
        ("Start-up", startup()),
        ("Office and PDF", run("bench_formats.py", "--files", "5", "--rows", "2000")),
        ("PostgreSQL on loopback", run("bench_database.py", *(["--tables", "5", "--rows", "200000"] if args.quick else []))),
        ("Dask cluster: two one-thread workers against --jobs 2", run("bench_dask.py", "--size-mb", size)),
    ]
    sys.path.insert(0, str(REPO))
    from scanner.detect.compiled import available

    print(f"# Leidur benchmarks, {date.today()}\n\n{platform.node() or 'host'}: {os.cpu_count()} CPUs, "
          f"{platform.machine()}, Python {platform.python_version()}, "
          f"{'Hyperscan' if available() else 'no Hyperscan (pure-Python passes)'}; "
          f"load average {os.getloadavg()[0]:.1f} at the start\n")
    for title, text in sections:
        print(f"## {title}\n\n{text}\n")


if __name__ == "__main__":
    main()
