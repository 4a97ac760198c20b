"""The library entry points the CLI calls: everything the CLI does can be done from Python."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Optional

from scanner.engine import ScanOptions, ScanResult, default_jobs, run_scan, summary_text
from scanner.targets import Target

FAIL_ON = ("new", "overdue")
EXIT_ALERT = 4


@dataclass
class ScanRequest:
    targets: list[Target]
    out_dir: Path = Path("leidur-out")
    rules_dirs: list[str] = field(default_factory=list)
    jobs: int | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_file_size: int | None = None
    ocr: bool = False
    full: bool = False
    threshold: float = 0.4
    item_timeout: float = 900.0
    quiet: bool = False
    state: Optional[str] = None  # SQLAlchemy URL; default: a SQLite file in out_dir
    incremental: bool = False
    fail_on: list[str] = field(default_factory=list)  # "new", "overdue": exit 4 when they appear
    # A Dask scheduler address (tcp://host:8786) or "local": workers expand the targets' ${VAR}
    # references from their own environment, list and read (docs/cluster.md).
    scheduler: Optional[str] = None


@dataclass
class ScanOutcome:
    result: ScanResult
    out_dir: Path
    summary: str
    exit_code: int
    scan_id: int = 0
    alerts: list[str] = field(default_factory=list)


def scan_and_report(request: ScanRequest) -> ScanOutcome:
    """Open the sources, scan, apply the rulebook, keep the state, write the reports; return the exit code."""
    from scanner.detect.keys import load_key
    from scanner.inventory.export import prepare_out_dir
    from scanner.inventory.review import apply_reviews
    from scanner.rulebook import Rulebook
    from scanner.state import StateStore, default_state_url
    from scanner.state.diff import compare

    options = ScanOptions(
        jobs=request.jobs or default_jobs(),
        quiet=request.quiet,
        include=request.include,
        exclude=request.exclude,
        max_file_size=request.max_file_size,
        ocr=request.ocr,
        threshold=request.threshold,
        item_timeout=request.item_timeout,
        rules_dirs=request.rules_dirs,
        full=request.full,
        scheduler=request.scheduler,
    )
    from scanner.recognizers import check_recognizers

    unknown = set(request.fail_on) - set(FAIL_ON)
    if unknown:
        raise ValueError(f"--fail-on takes {' or '.join(FAIL_ON)}, not {', '.join(sorted(unknown))}")
    if request.ocr:
        from scanner.extras import require

        require("ocr", "--ocr")  # a usage error before anything is read, not one error per image
    check_recognizers(request.rules_dirs)  # a broken recogniser stops the scan before it starts
    rulebook = Rulebook.for_scan(map(Path, request.rules_dirs))  # a broken rulebook stops here, before any read
    sources = _sources(request.targets, options)
    out_dir = prepare_out_dir(Path(request.out_dir))
    store = StateStore(request.state or default_state_url(out_dir))
    key = load_key()
    try:
        unchanged = None
        if request.incremental:
            versions = store.previous_versions(key)

            def unchanged(item) -> bool:
                return item.version is not None and versions.get((item.source, item.location)) == item.version

        result = run_scan(sources, options, key, unchanged)
        result.rows.extend(store.carried_rows(result.carried))
        result.rows.sort(key=lambda r: (r.source, r.location, r.entity_type))
        rulebook.apply(result.rows, result.started)
        apply_reviews(result.rows, store, result.started)
        previous = store.latest_scan(complete_only=True)
        before = store.findings(previous.id) if previous else []  # digests only: no million hashes loaded
        apply_reviews(before, store, result.started)
        scan_id = store.record_scan(result.started, result.finished, "interrupted" if result.interrupted else "complete",
                                    ", ".join(t.display for t in request.targets), request.incremental, key,
                                    result.scanned, result.rows)
    finally:
        store.close()
    from scanner.state.store import key_id

    diff = compare(before, result.rows, same_key=previous is None or previous.key_id == key_id(key))
    write_reports(result.rows, result.errors, out_dir, result.started, summary_counts(result.rows, result.items, len(result.carried), len(result.errors)))
    alerts = []
    if "new" in request.fail_on and (diff.new or diff.changed):
        alerts.append(f"{len(diff.new)} new and {len(diff.changed)} changed findings since the previous scan")
    if "overdue" in request.fail_on and diff.newly_overdue:
        alerts.append(f"{len(diff.newly_overdue)} findings newly past their retention period")
    if result.interrupted:
        code = 130
    elif alerts:
        code = EXIT_ALERT
    else:
        code = 1 if result.errors else 0
    summary = summary_text(result, out_dir)
    if alerts:
        summary += " Alert: " + "; ".join(alerts) + "."
    return ScanOutcome(result, out_dir, summary, code, scan_id, alerts)


def _sources(targets, options: ScanOptions) -> list:
    """Opened here for a local scan; on a cluster, descriptions the workers open with their own secrets."""
    from scanner.sources import open_source
    from scanner.targets import expand

    if not options.scheduler:
        return [open_source(expand(target), options) for target in targets]
    from scanner.cluster import require_dask
    from scanner.cluster.units import remote_source

    require_dask()
    scan = uuid.uuid4().hex[:12]  # workers keep opened sources per scan
    return [remote_source(target, options, f"{scan}-{index}") for index, target in enumerate(targets)]


def summary_counts(rows, items_read: int, items_carried: int, errors: int = 0) -> dict:
    """The totals reports show; false positives do not count."""
    from collections import Counter

    from scanner.inventory.review import counts

    kept = [r for r in rows if counts(r)]
    return {"items_read": items_read, "items_carried": items_carried, "locations": len(kept),
            "findings": sum(r.count for r in kept), "errors": errors,
            "retention_status": dict(Counter(r.retention_status for r in kept)),
            "unmapped": sum(r.rule_id == "UNMAPPED" for r in kept)}


def write_reports(rows, errors, out_dir: Path, scanned_at: datetime, summary: dict) -> None:
    """inventory.csv, inventory.json, report.html and errors.csv in out_dir, each 0600."""
    from scanner.inventory.export import write_errors_csv, write_inventory_csv, write_inventory_json
    from scanner.inventory.html import write_report_html

    write_inventory_csv(rows, out_dir / "inventory.csv", scanned_at)
    write_inventory_json(rows, out_dir / "inventory.json", scanned_at, summary)
    write_report_html(rows, out_dir / "report.html", scanned_at, summary)
    if errors is not None:
        write_errors_csv(errors, out_dir / "errors.csv")
