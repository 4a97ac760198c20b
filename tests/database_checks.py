"""Helpers for the database tests: scan in-process, and compare findings with the sample database's EXPECTED."""
from __future__ import annotations

from collections import defaultdict

from scanner.engine import ScanOptions, ScanResult, run_scan
from scanner.sources import open_source
from scanner.synth.sample_database import EXPECTED, NAME_PARTS, SCHEMA_ONLY
from scanner.targets import parse_target
from tests.conftest import TEST_KEY


def scan(target: str, full: bool = False, jobs: int = 1) -> ScanResult:
    options = ScanOptions(jobs=jobs, quiet=True, full=full)
    return run_scan([open_source(parse_target(target), options)], options, TEST_KEY.encode())


def found_by_column(result: ScanResult, prefix: str) -> dict[str, dict[str, object]]:
    """table.column -> {entity type: inventory row}, for rows under `prefix` (e.g. 'crm.public.')."""
    found: dict[str, dict[str, object]] = defaultdict(dict)
    for row in result.rows:
        assert row.location.startswith(prefix), row.location
        found[row.location[len(prefix):]][row.entity_type] = row
    return found


def assert_sample_database_found(result: ScanResult, prefix: str, tables=None) -> None:
    """Every personal column with its type; no other column; name-only columns marked as schema evidence."""
    found = found_by_column(result, prefix)
    expected = {c: e for c, e in EXPECTED.items() if tables is None or c.split(".")[0] in tables}
    missing = sorted((c, e) for c, types in expected.items() for e in types if e not in found.get(c, {}))
    assert not missing, f"personal columns not reported: {missing}"
    unexpected = sorted(c for c in found if c not in expected)
    assert not unexpected, f"non-personal columns reported: {unexpected}"
    for column, types in expected.items():
        for entity in types:
            row = found[column][entity]
            if column in NAME_PARTS and row.evidence == "content":
                assert entity == "PERSON" and row.count > 0, (column, row)  # some first names read alone
            elif column in SCHEMA_ONLY:
                assert (row.evidence, row.count) == ("schema", 0), (column, row)
            else:
                assert row.evidence == "content" and row.count > 0, (column, row)


def comparable(result: ScanResult) -> list[tuple]:
    return sorted((r.location, r.entity_type, r.count, r.evidence, tuple(sorted(r.fingerprints)),
                   tuple(sorted(r.extra.items()))) for r in result.rows)
