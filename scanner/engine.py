"""The scan engine: the one place that knows both sources and detectors.

Sources yield Items in the main process; worker processes (one Detector
each) read, extract and detect; the main process aggregates, applies the
rulebook and writes the reports. On a Dask cluster (`ScanOptions.scheduler`)
the workers also list the sources (`scanner/cluster/`); results, incremental
carry-forward, errors and progress are handled here the same way. At most a few items per worker are in
flight, so memory stays bounded however many items a source lists.
"""
from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import sys
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from scanner.detect.detector import DetectorSettings
from scanner.extractors import Limits
from scanner.models import InventoryRow, Item, ScanError
from scanner.state.store import ITEM_KEY, ScannedItem
from scanner.targets import Target
from scanner.worker import ItemResult, WorkerSettings, init_worker, process_item


@dataclass
class ScanOptions:
    jobs: int = 1
    quiet: bool = False
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_file_size: int | None = None
    ocr: bool = False
    threshold: float = 0.4
    rules_dirs: list[str] = field(default_factory=list)
    full: bool = False  # databases: every row instead of a sample
    limits: Limits = field(default_factory=Limits)
    # With two or more workers, an item still being read after this many seconds is
    # given up (errors.csv) and its worker replaced, so one stuck file never hangs a scan.
    item_timeout: float = 900.0
    # A Dask scheduler (tcp://host:8786) to read on, or "local" for a LocalCluster of `jobs`
    # one-thread workers; None: this machine's process pool (docs/cluster.md).
    scheduler: str | None = None


@dataclass
class ScanResult:
    rows: list[InventoryRow]
    errors: list[ScanError]
    started: datetime
    finished: datetime
    items: int = 0
    bytes_read: int = 0
    skipped_binary: int = 0
    interrupted: bool = False
    scanned: list[ScannedItem] = field(default_factory=list)  # every item read or carried forward

    @property
    def carried(self) -> list[Item]:
        return [s.item for s in self.scanned if s.carried]

    @property
    def seconds(self) -> float:
        return (self.finished - self.started).total_seconds()

    def findings_by_type(self) -> Counter:
        counts: Counter = Counter()
        for row in self.rows:
            if row.extra.get("review") != "false_positive":  # a DPO's false positive stops counting
                counts[row.entity_type] += row.count
        return counts


class Progress:
    """A progress bar on stderr with counts only: item names could themselves be personal data."""

    def __init__(self, quiet: bool):
        self.bar = None
        if not quiet:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked
            self.bar = tqdm(desc="Scanning", unit=" items", file=sys.stderr, dynamic_ncols=True, leave=False)
        self.bytes = 0

    def update(self, result: ItemResult) -> None:
        self.bytes += result.bytes_read
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(f"{self.bytes / 1e6:.1f} MB", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _items(sources, errors: list[ScanError]) -> Iterator[Item]:
    for source in sources:
        try:
            yield from source.items(errors.append)
        except Exception as exc:  # a source that fails midway: record, go on with the next
            from scanner.extractors import describe

            errors.append(ScanError(getattr(source, "name", "?"), "list", describe(exc)))


def _run_inline(items: Iterable[Item], settings: WorkerSettings, on_result) -> None:
    init_worker(settings, ignore_sigint=False)
    for item in items:
        on_result(item, process_item(item))


def _run_pool(items: Iterable[Item], settings: WorkerSettings, jobs: int, on_result, errors,
              item_timeout: float = 900.0) -> None:
    """Read items in worker processes; survive stuck items and dying workers without losing any.

    When a worker dies, the items that were in flight beside it are read again
    one at a time, so that only the item that really kills a worker is recorded.
    """
    fork = sys.platform == "linux"
    context = multiprocessing.get_context("fork" if fork else "spawn")
    items = iter(items)
    first = next(items, None)
    if first is None:
        return  # nothing to read: no engine to build, no process to start
    if fork:
        init_worker(settings, ignore_sigint=False)  # built once here, inherited by every worker
        gc.freeze()  # the workers' garbage collections then never touch (and copy) what they inherit
    items = itertools.chain([first], items)
    suspects: list[Item] = []  # read alone after a worker died beside them
    exhausted = False
    while True:
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=init_worker, initargs=(settings,))
        pending: dict = {}
        started: dict = {}
        alone = False
        try:
            while True:
                if suspects and not pending:
                    item, alone = suspects.pop(0), True
                    pending[pool.submit(process_item, item)] = item
                while not suspects and not exhausted and len(pending) < jobs * 4:
                    item = next(items, None)
                    if item is None:
                        exhausted = True
                        break
                    pending[pool.submit(process_item, item)] = item
                if not pending:
                    return
                done, _ = wait(pending, timeout=5, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()  # raises BrokenProcessPool if the worker died
                    started.pop(future, None)
                    on_result(pending.pop(future), result)
                    alone = False
                if _hung(pending, started, item_timeout, errors):
                    _kill(pool)
                    break
        except BrokenProcessPool:
            for future, item in list(pending.items()):
                if future.done() and not future.cancelled() and future.exception() is None:
                    on_result(item, future.result())
                elif alone:
                    errors.append(ScanError(item.location, "extract", "worker process died while reading this item"))
                else:
                    suspects.append(item)
            pending.clear()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        # After a stuck item was given up, the items queued beside it are read again.
        for future, item in pending.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                on_result(item, future.result())
            else:
                suspects.append(item)
        if exhausted and not suspects:
            return


def _hung(pending: dict, started: dict, limit: float, errors: list) -> bool:
    """True when an item has been read for longer than `limit` seconds: it is recorded and dropped."""
    now = time.monotonic()
    hung = False
    for future, item in list(pending.items()):
        if future.running():
            since = started.setdefault(future, now)
            if now - since > limit:
                errors.append(ScanError(item.location, "extract", f"gave up after {limit:.0f} s: reading this item did not finish"))
                del pending[future]
                hung = True
    return hung


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose worker is stuck in native code; the engine starts a fresh one."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()


def run_scan(sources, options: ScanOptions, key: bytes,
             unchanged: Optional[Callable[[Item], bool]] = None) -> ScanResult:
    """Scan every item of every source; returns aggregated rows and errors (rules not yet applied).

    `unchanged(item)` (incremental scans) says which items need not be read: they are
    listed in `ScanResult.scanned` as carried, and their rows are the caller's to bring.
    """
    started = datetime.now(timezone.utc)
    errors: list[ScanError] = []
    rows: list[InventoryRow] = []
    scanned: list[ScannedItem] = []
    counters = Counter()
    progress = Progress(options.quiet)

    def needs_reading(item: Item) -> bool:
        """False for an item unchanged since the last scan: it is recorded as carried forward instead."""
        if unchanged is not None and unchanged(item):
            scanned.append(ScannedItem(item, carried=True))
            return False
        return True

    def on_result(item: Item, result: ItemResult) -> None:
        for row in result.rows:
            row.extra[ITEM_KEY] = item.location  # nested rows (archive members) belong to their item
        scanned.append(ScannedItem(item, complete=not result.errors))
        rows.extend(result.rows)
        errors.extend(result.errors)
        counters["items"] += 1
        counters["bytes"] += result.bytes_read
        counters["binary"] += result.skipped_binary
        progress.update(result)

    settings = WorkerSettings(
        detector=DetectorSettings(key=key, threshold=options.threshold, rules_dirs=list(options.rules_dirs)),
        limits=options.limits,
        ocr=options.ocr,
    )
    interrupted = False
    try:
        if options.scheduler:  # sources are RemoteSources: workers list and read them
            from scanner.cluster.executor import run_on_cluster

            run_on_cluster(sources, settings, options, needs_reading, on_result, errors)
        elif options.jobs <= 1:
            _run_inline(filter(needs_reading, _items(sources, errors)), settings, on_result)
        else:
            _run_pool(filter(needs_reading, _items(sources, errors)), settings, options.jobs, on_result, errors,
                      options.item_timeout)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
    rows.sort(key=lambda r: (r.source, r.location, r.entity_type))
    return ScanResult(
        rows=rows,
        errors=errors,
        started=started,
        finished=datetime.now(timezone.utc),
        items=counters["items"],
        bytes_read=counters["bytes"],
        skipped_binary=counters["binary"],
        interrupted=interrupted,
        scanned=scanned,
    )


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def summary_text(result: ScanResult, out_dir: Path | None = None) -> str:
    """The one-paragraph summary printed at the end of a scan."""
    by_type = result.findings_by_type()
    locations = sum(1 for row in result.rows if row.extra.get("review") != "false_positive")
    found = ", ".join(f"{entity} {count}" for entity, count in by_type.most_common()) or "none"
    rate = result.bytes_read / 1e6 / result.seconds if result.seconds > 0 else 0.0
    text = (
        f"Scanned {result.items} items ({result.bytes_read / 1e6:.1f} MB) in {result.seconds:.1f} s "
        f"({rate:.1f} MB/s). Findings: {found} in {locations} locations. "
        f"Unreadable: {len(result.errors)} (see errors.csv). Skipped binary files: {result.skipped_binary}."
    )
    if result.carried:
        text += f" Unchanged since the last scan, not read again: {len(result.carried)} items."
    if result.interrupted:
        text += " The scan was interrupted: the reports hold what was scanned until then."
    if out_dir is not None:
        text += f" Reports: {out_dir}"
    return text
