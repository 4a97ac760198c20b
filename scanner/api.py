"""The library entry points the CLI calls: everything the CLI does can be done from Python."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from scanner.engine import ScanOptions, ScanResult, default_jobs, run_scan, summary_text
from scanner.targets import Target


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
    quiet: bool = False


@dataclass
class ScanOutcome:
    result: ScanResult
    out_dir: Path
    summary: str
    exit_code: int


def scan_and_report(request: ScanRequest) -> ScanOutcome:
    """Open the sources, scan, apply the rulebook, write the reports; return the exit code to use."""
    from scanner.detect.keys import load_key
    from scanner.inventory.export import prepare_out_dir, write_errors_csv, write_inventory_csv
    from scanner.rulebook import Rulebook, default_rules_dir
    from scanner.sources import open_source

    options = ScanOptions(
        jobs=request.jobs or default_jobs(),
        quiet=request.quiet,
        include=request.include,
        exclude=request.exclude,
        max_file_size=request.max_file_size,
        ocr=request.ocr,
        threshold=request.threshold,
        rules_dirs=request.rules_dirs,
        full=request.full,
    )
    from scanner.recognizers import check_recognizers

    check_recognizers(request.rules_dirs)  # a broken recogniser stops the scan before it starts
    rulebook = Rulebook.load([default_rules_dir(), *map(Path, request.rules_dirs)])
    sources = [open_source(target, options) for target in request.targets]
    out_dir = prepare_out_dir(Path(request.out_dir))
    result = run_scan(sources, options, load_key())
    rulebook.apply(result.rows, datetime.now(timezone.utc))
    write_inventory_csv(result.rows, out_dir / "inventory.csv", result.started)
    write_errors_csv(result.errors, out_dir / "errors.csv")
    if result.interrupted:
        code = 130
    else:
        code = 1 if result.errors else 0
    return ScanOutcome(result, out_dir, summary_text(result, out_dir), code)
