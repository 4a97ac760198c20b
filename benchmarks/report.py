"""Every throughput and memory target of Leidur, measured side by side in one run.

    python benchmarks/report.py                 # the full run (200 MB corpus, 2 GB file, 100,000 files)
    python benchmarks/report.py --quick         # smaller inputs, for a first look
    python benchmarks/report.py --pure          # this source tree as it is: pure Python

By default it measures what a wheel install runs: the hot path compiled by
Cython (setup.py), in a copy of the tree made by compiled_tree.py; `--pure`
measures the editable checkout itself.

Runs the other benchmarks of this folder one after another (never at the same
time: they would share the cores), then prints their tables. Throughput is
wall-clock (run it on an otherwise idle machine; the load average is printed)
next to CPU seconds per MB, which other work on the machine changes little.

On a virtual machine the host may run other guests on the same cores: the
share of CPU time the host took ("steal", from /proc/stat) is printed for
every section, and a first section measures what two processes of a plain
CPU-bound Python loop get from this machine against one, the ceiling of any
two-core figure below.
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


def cpu_ticks() -> tuple[int, int] | None:
    """(all CPU time, time stolen by the host) since boot, in ticks; None where /proc/stat is missing."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0


def steal_note(before: tuple[int, int] | None, after: tuple[int, int] | None, during: str = "this section") -> str:
    if before is None or after is None or after[0] == before[0]:
        return ""
    share = (after[1] - before[1]) / (after[0] - before[0])
    return f"_Host steal during {during}: {100 * share:.1f} % of CPU time._\n\n"


def run(script: str, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO), LEIDUR_KEY="benchmark")
    before = cpu_ticks()
    result = subprocess.run([sys.executable, str(HERE / script), *args], env=env, capture_output=True, text=True)
    note = steal_note(before, cpu_ticks())
    if result.returncode != 0:
        return f"{note}{script} failed:\n{result.stderr[-3000:]}"
    return note + result.stdout.strip()


def _loop(rounds: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(rounds):
        total += i * i % 7
    return time.perf_counter() - started


def machine(rounds: int = 6_000_000, tries: int = 3) -> str:
    """What two processes of a CPU-bound Python loop get against one: this machine's two-core ceiling."""
    import multiprocessing

    before = cpu_ticks()
    ratios, ones = [], []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(tries):
            ones.append(_loop(rounds))
            started = time.perf_counter()
            pool.map(_loop, [rounds, rounds])
            ratios.append(2 * ones[-1] / (time.perf_counter() - started))
    # The loop's own time is a yardstick of the machine's speed at the hour of the run: the same
    # code's figures on another day are comparable after dividing by it.
    return (steal_note(before, cpu_ticks()) +
            "| what | measured |\n|---|---:|\n"
            f"| a CPU-bound Python loop ({rounds:,} rounds) on 1 process, fastest of {tries} | {min(ones):.2f} s |\n"
            f"| twice the work on 2 processes against 1 (best / worst of {tries}) | "
            f"{max(ratios):.2f}x / {min(ratios):.2f}x |")


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


def timed_startup() -> str:
    before = cpu_ticks()
    text = startup()
    return steal_note(before, cpu_ticks()) + text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs: 30 MB corpus, 200 MB file, 10,000 files")
    parser.add_argument("--pure", action="store_true", help="measure this tree as it is, without compiling the hot path")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from benchmarks.compiled_tree import compiled_tree, in_compiled_tree

    if not args.pure and not in_compiled_tree(REPO):  # run again from the compiled copy, same arguments
        tree = compiled_tree(REPO)
        os.execv(sys.executable, [sys.executable, str(tree / "benchmarks" / "report.py"), *sys.argv[1:]])
    size, big, files = ("30", "200", "10000") if args.quick else ("200", "2048", "100000")
    started, load = cpu_ticks(), os.getloadavg()[0]
    sections = [
        ("This machine: its speed at this hour, and what two cores give a plain Python loop", machine()),
        ("Plain text share: leidur on 1 and 2 cores, grep -E, plain Presidio", run("bench_scan.py", "--size-mb", size)),
        ("Detection alone, per kind of text (CPU time, so load does not change it much)",
         run("bench_hotpath.py", "--mb", "2" if args.quick else "8", "--person")),
        ("Peak memory", run("bench_memory.py", "--big-mb", big, "--files", files)),
        ("Start-up", timed_startup()),
        ("Office and PDF", run("bench_formats.py", "--files", "5", "--rows", "2000")),
        ("PostgreSQL on loopback", run("bench_database.py", *(["--tables", "5", "--rows", "200000"] if args.quick else []))),
        ("Dask cluster: two one-thread workers against --jobs 2", run("bench_dask.py", "--size-mb", size)),
    ]
    from benchmarks.compiled_tree import is_compiled
    from scanner.detect.compiled import available

    print(f"# Leidur benchmarks, {date.today()}\n\n{platform.node() or 'host'}: {os.cpu_count()} CPUs, "
          f"{platform.machine()}, Python {platform.python_version()}, "
          f"{'Hyperscan' if available() else 'no Hyperscan (pure-Python passes)'}, "
          f"{'hot path compiled (Cython), as a wheel install runs it' if is_compiled() else 'pure Python (--pure)'}; "
          f"load average {load:.1f} at the start\n")
    print(steal_note(started, cpu_ticks(), "the whole run"))
    for title, text in sections:
        print(f"## {title}\n\n{text}\n")


if __name__ == "__main__":
    main()
