"""Scan throughput side by side: `leidur scan` on 1 and 2 cores, plain Presidio, and `grep -E`.

    python benchmarks/bench_scan.py --size-mb 200

Generates the corpus if it is missing, then times each on the same files and
prints a Markdown table (MB/s, peak memory); leidur runs `--rounds` times on
1 and 2 cores in turn and the fastest run of each counts. Plain Presidio is timed on a
slice of the corpus because it is two orders of magnitude slower.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

GREP_PATTERNS = [
    r"[1-8][0-9]{10}",
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    r"(\+|00)372 ?[0-9 ]{7,9}|5[0-9]{3} ?[0-9]{4}",
    r"[A-Z]{2}[0-9]{2} ?([A-Z0-9]{4} ?){3,7}",
    r"[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}",
    r"([0-9]{1,3}\.){3}[0-9]{1,3}",
]


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt"))


def timed(command: list[str], env=None) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Wall seconds, peak RSS (MB, the largest single process) and CPU seconds (user + system, with
    the worker processes) of a command, via GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", report.name, *command], env=env,
                                capture_output=True, text=True)
        seconds = time.perf_counter() - started
        peak_kb, user, system = (report.read().strip().splitlines() or ["0 0 0"])[-1].split()
    return seconds, int(peak_kb) / 1024, float(user) + float(system), result


def bench_leidur(corpus: Path, jobs: int) -> tuple[float, float, float]:
    env = dict(os.environ, PYTHONPATH=str(REPO), LEIDUR_KEY="benchmark")
    with tempfile.TemporaryDirectory() as out:
        seconds, peak, cpu, result = timed([sys.executable, "-m", "scanner", "scan", str(corpus), "--out", out,
                                            "--jobs", str(jobs), "-q"], env)
        if result.returncode not in (0, 1):
            raise SystemExit(result.stderr)
    return seconds, peak, cpu


def bench_grep(corpus: Path) -> float:
    pattern = "|".join(f"({p})" for p in GREP_PATTERNS)
    started = time.perf_counter()
    subprocess.run(["grep", "-E", "-o", "-r", pattern, str(corpus)], stdout=subprocess.DEVNULL, env=dict(os.environ, LC_ALL="C"))
    return time.perf_counter() - started


def plain_presidio_rate(files: list[Path], budget_bytes: int) -> float:
    """MB/s of Presidio's default recognisers (offline NLP engine, 'en') on the first files."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from scanner.detect.nlp import OfflineNlpEngine

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline  # Presidio's e-mail validator would otherwise fetch the suffix list
    nlp = OfflineNlpEngine(["en"])
    nlp.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
    text_bytes = 0
    started = time.perf_counter()
    for path in files:
        text = path.read_text("utf-8")
        for i in range(0, len(text), 4096):  # Presidio's cost grows faster than text length
            analyzer.analyze(text[i:i + 4096], language="en")
        text_bytes += len(text.encode())
        if text_bytes >= budget_bytes:
            break
    return text_bytes / 1e6 / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--presidio-mb", type=float, default=2.0, help="how much text plain Presidio is timed on")
    parser.add_argument("--rounds", type=int, default=2,
                        help="runs of each leidur scan, 1 and 2 cores in turn; the fastest of each is kept")
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    size = sum(p.stat().st_size for p in files)
    if size < args.size_mb * 1024 * 1024 * 0.95:
        from benchmarks.corpus import generate

        generate(args.corpus, args.size_mb)
        files = corpus_files(args.corpus)
        size = sum(p.stat().st_size for p in files)
    mb = size / 1e6
    subprocess.run(["cat", *map(str, files)], stdout=subprocess.DEVNULL)  # warm the page cache for everyone
    rows = []
    load = os.getloadavg()[0]
    # The speed of a shared virtual machine drifts by tens of percent over minutes: 1 and 2 cores
    # take turns, and the fastest run of each (with its own CPU time and memory) is the figure.
    best: dict[int, tuple[float, float, float]] = {}
    for _ in range(max(1, args.rounds)):
        for jobs in (1, 2):
            measured = bench_leidur(args.corpus, jobs)
            if jobs not in best or measured[0] < best[jobs][0]:
                best[jobs] = measured
    for jobs, (seconds, peak, cpu) in sorted(best.items()):
        rows.append((f"leidur scan --jobs {jobs}", mb / seconds, f"{cpu / mb:.3f}", f"{peak:.0f}"))
    grep_rate = mb / bench_grep(args.corpus)
    presidio_rate = plain_presidio_rate(files, int(args.presidio_mb * 1e6))
    rows.append(("grep -E (same identifier patterns)", grep_rate, "-", "-"))
    rows.append((f"plain Presidio, 1 core ({args.presidio_mb:g} MB slice)", presidio_rate, "-", "-"))
    one = rows[0][1]
    print(f"Corpus: {mb:.0f} MB in {len(files)} files. {date.today()}, {platform.node() or 'host'}: "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine slows wall-clock figures, not CPU s/MB).\n")
    print("| run | MB/s (wall clock) | CPU s/MB (all processes) | peak RSS per process (MB) |\n|---|---:|---:|---:|")
    for name, rate, cpu, peak in rows:
        print(f"| {name} | {rate:.2f} | {cpu} | {peak} |")
    print(f"\nThe fastest of {max(1, args.rounds)} runs each, 1 and 2 cores in turn. "
          f"2 cores / 1 core: {rows[1][1] / one:.2f}x; leidur (1 core) / plain Presidio: {one / presidio_rate:.0f}x; "
          f"grep / leidur (1 core): {grep_rate / one:.1f}x")


if __name__ == "__main__":
    main()
