"""Database scan throughput on PostgreSQL over loopback: sampled cells per second, full-scan rows per second.

    /work/venv/bin/python benchmarks/bench_database.py [--tables 20] [--table-rows 50000] [--rows 1000000]

Starts a throw-away PostgreSQL (tests/services/postgres.py), fills it with
generated rows (generate_series), then measures:
  1. sampled read: every table sampled (1,000 rows), cells turned into chunks, no detection;
  2. sampled scan: the same through the whole scan (detection, inventory rows), --jobs 1 and 2;
  3. full read: every row of a --rows table streamed through a server-side cursor, with peak memory;
  4. full scan: a 100,000-row table through the whole scan with detection (--jobs 1).
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.engine import ScanOptions, run_scan  # noqa: E402
from scanner.sources.database import DatabaseSource, DatabaseSettings, read_table  # noqa: E402
from scanner.targets import parse_target  # noqa: E402
from tests.services.postgres import running_postgres  # noqa: E402

KEY = b"benchmark-key-not-secret"
COLUMNS = (
    "'kasutaja' || g || '@example.ee' AS e_post, '+372 5' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0') AS telefon, "
    "md5(g::text) AS kirjeldus, CASE WHEN g % 3 = 0 THEN 'makstud' ELSE 'ootel' END AS staatus, "
    "'Klient ' || g || ' soovis tarnet, viide ' || (10000000000 + g * 37) AS markus, "
    "(g % 1000) * 1.5 AS summa, now() - g * interval '1 minute' AS loodud"
)


def fill(server, tables: int, table_rows: int, big_rows: int) -> None:
    server.create_database("bench")
    with server.connect("bench") as admin:
        for index in range(tables):
            admin.execute(f"CREATE TABLE t{index:02d} AS SELECT g AS id, {COLUMNS} FROM generate_series(1, {table_rows}) g")
            admin.execute(f"ALTER TABLE t{index:02d} ADD PRIMARY KEY (id)")
        for name, rows in (("suur", big_rows), ("keskmine", 100_000)):
            admin.execute(f"CREATE TABLE {name} AS SELECT g AS id, {COLUMNS} FROM generate_series(1, {rows}) g")
            admin.execute(f"ALTER TABLE {name} ADD PRIMARY KEY (id)")
        admin.execute("ANALYZE")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_only(source: DatabaseSource, names: set[str] | None = None) -> tuple[int, int, float]:
    """(rows, cells, seconds) to read and chunk the tables, without detection."""
    specs = [s for s in source.tables(print) if names is None or s.name in names]
    rows = cells = 0
    started = time.perf_counter()
    for spec in specs:
        totals: dict[str, int] = {}
        for chunk in read_table(source.link, spec, source.settings):
            totals[chunk.location] = chunk.metadata.get("cells_total", 0)
        cells += sum(totals.values())
        rows += max(totals.values(), default=0)
    return rows, cells, time.perf_counter() - started


def whole_scan(url: str, jobs: int, full: bool = False) -> tuple[int, float]:
    options = ScanOptions(jobs=jobs, quiet=True, full=full)
    source = DatabaseSource.from_target(parse_target(url), options)
    started = time.perf_counter()
    result = run_scan([source], options, KEY)
    seconds = time.perf_counter() - started
    assert not result.errors, result.errors
    return len(result.rows), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=20)
    parser.add_argument("--table-rows", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the full-scan table")
    parser.add_argument("--no-detection", action="store_true", help="only the reads (e.g. --rows 10000000 for memory)")
    args = parser.parse_args()
    with running_postgres() as server:
        started = time.perf_counter()
        fill(server, args.tables, args.table_rows, args.rows)
        print(f"filled {args.tables} x {args.table_rows:,} + {args.rows:,} + 100,000 rows in {time.perf_counter() - started:.1f} s")
        sample_names = {f"t{i:02d}" for i in range(args.tables)}
        url = server.url("bench")

        source = DatabaseSource.from_target(parse_target(url), ScanOptions())
        rows, cells, seconds = read_only(source, sample_names)
        print(f"sampled read (no detection): {rows:,} rows, {cells:,} cells in {seconds:.2f} s = {cells / seconds:,.0f} cells/s")
        for jobs in () if args.no_detection else (1, 2):
            found, seconds = whole_scan(url + "?leidur_schemas=public", jobs)
            all_cells = cells + 2 * 1000 * 5  # the two big tables are sampled as well
            print(f"sampled scan, --jobs {jobs}: {len(sample_names) + 2} tables, ~{all_cells:,} cells in {seconds:.2f} s "
                  f"= {all_cells / seconds:,.0f} cells/s ({found} inventory rows)")

        before = peak_mb()
        full = DatabaseSource.from_target(parse_target(url), ScanOptions(full=True))
        rows, cells, seconds = read_only(full, {"suur"})
        print(f"full read (no detection): {rows:,} rows, {cells:,} cells in {seconds:.2f} s = {rows / seconds:,.0f} rows/s; "
              f"peak memory {peak_mb():.0f} MB (before: {before:.0f} MB)")

        if args.no_detection:
            return
        source = DatabaseSource.from_target(parse_target(url + "?leidur_schemas=public"), ScanOptions(full=True))
        source.tables = lambda report, schema=None, _all=source.tables: [
            s for s in _all(report, schema) if s.name == "keskmine"]
        options = ScanOptions(jobs=1, quiet=True, full=True)
        started = time.perf_counter()
        result = run_scan([source], options, KEY)
        seconds = time.perf_counter() - started
        print(f"full scan with detection, --jobs 1: 100,000 rows in {seconds:.2f} s = {100_000 / seconds:,.0f} rows/s "
              f"({len(result.rows)} inventory rows, {len(result.errors)} errors)")
        for error in result.errors[:3]:
            print(f"  error: {error.stage}: {error.error}")
        print(f"settings: {DatabaseSettings()}")


if __name__ == "__main__":
    main()
