"""Detection alone, per kind of text: CPU seconds per MB, MB per CPU second, µs per finding, and where the time goes.

    python benchmarks/bench_hotpath.py [--mb 4] [--profile] [--kinds report,letter,export,log,dense]

Reads the first `--mb` megabytes of each kind of file from the benchmark
corpus (`benchmarks/corpus.py`; generated if missing) and the dense export
(one identifier per 100 bytes, `benchmarks/corpus.py:dense_export`), cuts them
into chunks exactly as a file scan does, and times `Detector.detect` in CPU
seconds (`time.process_time`), which does not depend on how loaded the machine
is. `--profile` adds the top functions by own time (cProfile); `--person`
adds the share of the time spent in the PERSON recogniser's `analyze()`.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.corpus import dense_export, generate  # noqa: E402
from scanner.detect.detector import Detector  # noqa: E402
from scanner.extractors.text import iter_chunks  # noqa: E402
from scanner.recognizers import load_all  # noqa: E402

KINDS = ("report", "letter", "export", "log", "dense")
DESCRIPTION = {
    "report": "prose without identifiers",
    "letter": "letters (a few identifiers each)",
    "export": "CSV exports (one identifier per 18 bytes)",
    "log": "logs (a login line in ten)",
    "dense": "dense CSV/log (one identifier per 100 bytes)",
}


def kind_text(corpus: Path, kind: str, megabytes: float) -> bytes:
    if kind == "dense":
        return dense_export(int(megabytes * 1e6)).encode("utf-8")
    parts, size = [], 0
    for path in sorted(corpus.rglob(f"{kind}_*.txt")):
        parts.append(path.read_bytes())
        size += len(parts[-1])
        if size >= megabytes * 1e6:
            break
    return b"".join(parts)


def person_seconds(detector: Detector) -> list[float]:
    """Wrap the PERSON recogniser's analyze() so its CPU time is added up."""
    spent = [0.0]
    for recognizer in detector.recognizers:
        if "PERSON" in recognizer.supported_entities:
            analyze = recognizer.analyze

            def timed(*args, _analyze=analyze, **kwargs):
                started = time.process_time()
                try:
                    return _analyze(*args, **kwargs)
                finally:
                    spent[0] += time.process_time() - started

            recognizer.analyze = timed
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="megabytes of each kind")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--person", action="store_true", help="report the PERSON recogniser's share")
    args = parser.parse_args()
    if not any(args.corpus.rglob("report_*.txt")):
        generate(args.corpus, 200)
    detector = Detector(load_all(), b"benchmark-key")
    spent = person_seconds(detector) if args.person else [0.0]
    print("| text | MB | findings | CPU s/MB | MB per CPU s | µs per finding |" + (" PERSON share |" if args.person else ""))
    print("|---|---:|---:|---:|---:|---:|" + ("---:|" if args.person else ""))
    profiles = []
    for kind in args.kinds.split(","):
        data = kind_text(args.corpus, kind, args.mb)
        chunks = list(iter_chunks(io.BytesIO(data), kind))
        detector.detect(chunks[0])  # lazy loads
        gc.freeze()  # as a scan's worker does after its first item (scanner/worker.py)
        spent[0] = 0.0
        profiler = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        findings = sum(len(detector.detect(chunk)) for chunk in chunks)
        if profiler:
            profiler.disable()
        seconds = time.process_time() - started
        megabytes = len(data) / 1e6
        row = (f"| {DESCRIPTION[kind]} | {megabytes:.1f} | {findings} | {seconds / megabytes:.3f} | "
               f"{megabytes / seconds:.1f} | {seconds / findings * 1e6 if findings else 0:.1f} |")
        print(row + (f" {spent[0] / seconds:.0%} |" if args.person else ""))
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(18)
            profiles.append((kind, out.getvalue()))
    for kind, text in profiles:
        lines = [line for line in text.splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"\n{kind} (profiled, so slower than above), top functions by own time:\n")
        print("\n".join("    " + line.replace(str(HERE.parent) + "/", "") for line in lines[start:]))


if __name__ == "__main__":
    main()
