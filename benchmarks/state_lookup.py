"""How fast the state store records a scan and finds a keyed hash among a million (run by hand).

    python benchmarks/state_lookup.py [--fingerprints 1000000] [--state sqlite:///tmp/bench.db]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.models import InventoryRow  # noqa: E402
from scanner.state import StateStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fingerprints", type=int, default=1_000_000)
    parser.add_argument("--per-row", type=int, default=100)
    parser.add_argument("--state", default=None)
    args = parser.parse_args()
    url = args.state or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    rng = random.Random(1)
    rows = []
    for n in range(args.fingerprints // args.per_row):
        row = InventoryRow(source="bench", source_type="files", location=f"/srv/share/folder{n % 100}/file{n}.csv",
                           entity_type="EE_PERSONAL_CODE", count=args.per_row, sample="3800108****")
        row.fingerprints = {f"{rng.getrandbits(128):032x}" for _ in range(args.per_row)}
        rows.append(row)
    probes = [next(iter(rows[rng.randrange(len(rows))].fingerprints)) for _ in range(1000)]
    store = StateStore(url)
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    store.record_scan(now, now, "complete", "bench", False, b"bench-key", [], rows)
    recorded = time.perf_counter() - started
    started = time.perf_counter()
    for probe in probes:
        assert store.find_fingerprint(probe)
    lookup = (time.perf_counter() - started) / len(probes)
    print(f"{url.split(':')[0]}: recorded {len(rows)} rows with {store.count_fingerprints()} fingerprints in "
          f"{recorded:.1f} s; one lookup by hash takes {lookup * 1000:.2f} ms (mean of {len(probes)})")
    if url.startswith("sqlite:///"):
        print(f"state file: {os.path.getsize(url[len('sqlite:///'):]) / 1e6:.0f} MB")
    store.close()


if __name__ == "__main__":
    main()
