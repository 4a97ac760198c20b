"""MB/s scanning a share over SMB on loopback against the same tree scanned as a local folder.

    sudo /work/venv/bin/python benchmarks/bench_smb.py [--mb 40] [--jobs 2]

Starts a private smbd (as the tests do), builds a tree of generated documents,
then times (1) listing (with owner look-ups) and plain reads of every file over
SMB and locally (best of three), and (2) full Leidur scans of both. Needs root
(the fixture creates a system user and chowns files) and smbd.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.api import ScanRequest, scan_and_report  # noqa: E402
from scanner.sources.smb import PASSWORD_VARIABLE, SmbSource  # noqa: E402
from scanner.sources.files import FileSource  # noqa: E402
from scanner.targets import parse_target  # noqa: E402
from tests.services.samba import LAYOUT, build_tree, make_workdir, set_permissions, start_samba  # noqa: E402


def read_all(source) -> tuple[float, int, float]:
    """Seconds to list (with owner look-ups), bytes read and seconds to read every item; no detection."""
    started = time.perf_counter()
    items = list(source.items(lambda error: None))
    listed = time.perf_counter()
    total = 0
    for item in items:
        try:
            with item.open() as stream:
                while chunk := stream.read(1 << 20):
                    total += len(chunk)
        except OSError as exc:
            print(f"not read: {item.location}: {exc}")
    return listed - started, total, time.perf_counter() - listed


def scan(target: str, out: Path, jobs: int) -> tuple[int, float]:
    outcome = scan_and_report(ScanRequest(targets=[parse_target(target)], out_dir=out, jobs=jobs, quiet=True))
    return outcome.result.bytes_read, outcome.result.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=40, help="approximate size of the tree in MB")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the full scans")
    args = parser.parse_args()
    os.environ.setdefault("LEIDUR_KEY", "benchmark-key-not-secret")
    workdir, root = make_workdir()
    file_bytes = 1 << 20
    copies = max(1, args.mb * (1 << 20) // (file_bytes * len(LAYOUT)))
    trees = [root / f"kopia{copy:02d}" for copy in range(copies)]
    for copy, tree in enumerate(trees):
        build_tree(tree, seed=copy, people_per_file=20, filler_bytes=file_bytes)
    set_permissions(root, trees=[])  # everything readable: both scans read the same bytes
    server = start_samba(root, workdir)
    try:
        os.environ[PASSWORD_VARIABLE] = server.password
        smb_source = SmbSource.from_target(parse_target(server.url()), None)
        local_source = FileSource(str(root), str(root))
        print(f"tree: {copies * len(LAYOUT)} files, jobs={args.jobs}")
        for label, source in (("SMB", smb_source), ("local", local_source)):
            listing, size, seconds = min((read_all(source) for _ in range(3)), key=lambda r: r[0] + r[2])  # best of 3
            print(f"list        {label:5s}: {copies * len(LAYOUT)} files in {listing:6.3f} s")
            print(f"plain read  {label:5s}: {size / 1e6:7.1f} MB in {seconds:6.2f} s = {size / 1e6 / seconds:7.1f} MB/s")
        for label, target in (("SMB", server.url()), ("local", str(root))):
            size, seconds = scan(target, workdir / f"out-{label}", args.jobs)
            print(f"full scan   {label:5s}: {size / 1e6:7.1f} MB in {seconds:6.2f} s = {size / 1e6 / seconds:7.1f} MB/s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
