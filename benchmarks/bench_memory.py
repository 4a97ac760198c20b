"""Peak memory per process on big inputs: one large text file, and a tree of many small files.

    python benchmarks/bench_memory.py --big-mb 2048 --files 100000

Reports the largest resident set of any single Leidur process (the main
process or a worker) as GNU time sees it, and the throughput.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from scanner.synth import identifiers as ids  # noqa: E402

LINE = "2025-03-12T10:00:07Z INFO request served in 12 ms status=200 path=/api/v1/orders\n"


def big_file(path: Path, megabytes: int) -> None:
    rng = random.Random(5)
    block = "".join(LINE for _ in range(2000))
    with open(path, "w", encoding="utf-8") as handle:
        written = 0
        while written < megabytes * 1024 * 1024:
            handle.write(block)
            handle.write(f"login user=klient{rng.randrange(10**6)}@mail.ee ip={ids.ipv4(rng)} ik {ids.personal_code(rng)}\n")
            written += len(block) + 80
        handle.write(f"isikukood {ids.personal_code(rng)}\n")  # the last line must be found too


def many_files(root: Path, count: int) -> None:
    rng = random.Random(6)
    for index in range(count):
        folder = root / f"{index // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"Märkus {index}. Klient {ids.personal_code(rng)} tel {ids.estonian_mobile(rng)}\n" if index % 10 == 0 else f"Märkus {index}: kõik korras.\n"
        (folder / f"note_{index:06d}.txt").write_text(text, encoding="utf-8")


def measure(target: Path, jobs: int) -> tuple[float, float, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), LEIDUR_KEY="benchmark")
    with tempfile.TemporaryDirectory() as out, tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, sys.executable, "-m", "scanner", "scan",
                                 str(target), "--out", out, "--jobs", str(jobs), "-q"], env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        peak_mb = int(report.read().split()[-1]) / 1024
        if result.returncode not in (0, 1):
            raise SystemExit(result.stderr[-2000:])
    return seconds, peak_mb, result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=int, default=2048)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "leidur-bench-memory")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    big = args.work / "big.log"
    if not big.exists() or big.stat().st_size < args.big_mb * 1024 * 1024:
        big_file(big, args.big_mb)
    tree = args.work / "tree"
    if not tree.exists():
        many_files(tree, args.files)
    print("| input | size | time (s) | MB/s | peak RSS of one process (MB) |\n|---|---:|---:|---:|---:|")
    for name, target, size in [(f"one {args.big_mb} MB log", big, big.stat().st_size),
                               (f"{args.files} small files", tree, sum(p.stat().st_size for p in tree.rglob('*.txt')))]:
        seconds, peak, _ = measure(target, args.jobs)
        print(f"| {name} | {size / 1e6:.0f} MB | {seconds:.0f} | {size / 1e6 / seconds:.2f} | {peak:.0f} |")
    if "--keep" not in sys.argv:
        shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
