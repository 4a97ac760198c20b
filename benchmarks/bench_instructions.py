"""Detection cost per kind of text in machine instructions (valgrind), for before/after comparisons.

    python benchmarks/bench_instructions.py [--mb 0.5] [--kinds log,dense,export,letter,report] [--repo PATH]

CPU seconds on a shared virtual machine vary by tens of percent from one
run to the next, even in one process; the number of instructions a run
executes does not (two runs of the same code differ by well under 1 %).
Each kind is run twice under `valgrind --tool=cachegrind`: once only loading
the detector and the text (with one chunk detected, which loads the lazy
parts, and the garbage collector then frozen, as a scan's worker does), once
detecting every chunk; the difference is the detection's. Without the freeze,
whether a full collection (which walks the name model's word lists, 30 M
instructions) falls inside the detection depended on what the start-up allocated.
`--repo` runs another checkout's code (a `git worktree` of the commit before)
with the same text. Needs valgrind (Debian: `apt install valgrind`); about a
minute per kind.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

RUN = """
import io, sys
sys.path.insert(0, {repo!r})
sys.path.insert(1, {here!r})
from pathlib import Path
from benchmarks.bench_hotpath import kind_text
from scanner.detect.detector import Detector
from scanner.extractors.text import iter_chunks
from scanner.recognizers import load_all
data = kind_text(Path({corpus!r}), {kind!r}, {mb!r})
chunks = list(iter_chunks(io.BytesIO(data), {kind!r}))
detector = Detector(load_all(), b"benchmark-key")
detector.detect(chunks[0])
import gc
gc.freeze()  # as a scan's worker does after its first item: no full collection walks the word lists
if {detect!r}:
    for chunk in chunks:
        detector.detect(chunk)
print(len(data))
"""


def instructions(repo: Path, corpus: Path, kind: str, mb: float, detect: bool) -> tuple[int, int]:
    """(instructions executed, bytes of text) of one run."""
    code = RUN.format(repo=str(repo), here=str(HERE.parent), corpus=str(corpus), kind=kind, mb=mb, detect=detect)
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", code],
        capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0"), check=True)
    refs = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    return int(refs.group(1).replace(",", "")), int(result.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=0.5, help="megabytes of each kind")
    parser.add_argument("--kinds", default="report,letter,export,log,dense")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--repo", type=Path, default=HERE.parent, help="the checkout whose code runs")
    args = parser.parse_args()
    print(f"Code: {args.repo.resolve()}\n")
    print("| text | MB | instructions per byte |\n|---|---:|---:|")
    for kind in args.kinds.split(","):
        loaded, size = instructions(args.repo, args.corpus, kind, args.mb, detect=False)
        total, _ = instructions(args.repo, args.corpus, kind, args.mb, detect=True)
        print(f"| {kind} | {size / 1e6:.2f} | {(total - loaded) / size:.0f} |", flush=True)


if __name__ == "__main__":
    main()
