"""The same scan on a Dask cluster and on the local pool: 2 one-thread workers against `--jobs 2`.

    python benchmarks/bench_dask.py --size-mb 200

Generates the plain-text corpus if it is missing (benchmarks/corpus.py),
starts `dask scheduler` and two `dask worker --nthreads 1` on loopback
(tests/services/dask.py), then times `leidur scan --jobs 2` and `leidur scan
--scheduler tcp://...` on the same files. Prints wall-clock MB/s, CPU seconds
per MB summed over every process that took part (client, scheduler and
workers for the cluster; the scan and its pool for the local run), the ratio,
and the machine's load average (other work on the machine skews wall-clock).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.bench_scan import corpus_files  # noqa: E402
from tests.services.dask import running_dask  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(REPO), LEIDUR_KEY="benchmark")
IDLE_SECONDS = 10


def _cpu(pids) -> float:
    """User + system CPU seconds of these processes and their children so far."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            process = psutil.Process(pid)
            for member in [process, *process.children(recursive=True)]:
                times = member.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def timed_scan(corpus: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the scan process and its children) of one `leidur scan`."""
    with tempfile.TemporaryDirectory() as out:
        before = os.times()
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "scanner", "scan", str(corpus), "--out", out, "-q", *args],
                                env=ENV, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        after = os.times()
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr[-3000:])
    return seconds, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    if sum(p.stat().st_size for p in files) < args.size_mb * 1024 * 1024 * 0.95:
        from benchmarks.corpus import generate

        generate(args.corpus, args.size_mb)
        files = corpus_files(args.corpus)
    mb = sum(p.stat().st_size for p in files) / 1e6
    subprocess.run(["cat", *map(str, files)], stdout=subprocess.DEVNULL)  # warm the page cache
    load_before = os.getloadavg()
    local_seconds, local_cpu = timed_scan(args.corpus, "--jobs", "2")
    with running_dask(2, env=ENV) as cluster:
        with cluster.client() as client:
            pids = [*client.run(os.getppid).values(), client.run_on_scheduler(os.getpid)]  # nannies and scheduler
            idle_started, idle_before = time.perf_counter(), _cpu(pids)
            time.sleep(IDLE_SECONDS)  # what the cluster's own processes cost while nothing runs
            idle_rate = (_cpu(pids) - idle_before) / (time.perf_counter() - idle_started)
            cluster_before = _cpu(pids)
            cluster_seconds, client_cpu = timed_scan(args.corpus, "--scheduler", cluster.address)
            cluster_cpu = client_cpu + _cpu(pids) - cluster_before
    load_after = os.getloadavg()
    local_rate, cluster_rate = mb / local_seconds, mb / cluster_seconds
    print(f"Corpus: {mb:.0f} MB in {len(files)} files. Load average (1 min) {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after, on {os.cpu_count()} CPUs.\n")
    print("| run | wall s | MB/s | CPU s per MB |\n|---|---:|---:|---:|")
    print(f"| leidur scan --jobs 2 | {local_seconds:.1f} | {local_rate:.2f} | {local_cpu / mb:.3f} |")
    print(f"| leidur scan --scheduler (2 one-thread workers) | {cluster_seconds:.1f} | {cluster_rate:.2f} | "
          f"{cluster_cpu / mb:.3f} |")
    print(f"\ncluster / local: {cluster_rate / local_rate:.2f}x MB/s, {cluster_cpu / local_cpu:.2f}x CPU seconds. "
          f"Idle, the scheduler, nannies and workers use {idle_rate:.3f} CPU s per second: "
          f"{idle_rate * cluster_seconds / mb:.3f} of the cluster's CPU s per MB.")


if __name__ == "__main__":
    main()
