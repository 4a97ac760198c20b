"""What one worker process does with one Item: read it, detect, and aggregate per (location, entity)."""
from __future__ import annotations

import gc
import signal
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import IO, Iterator, Optional

from scanner.detect.detector import Detector, DetectorSettings
from scanner.extractors import ExtractContext, Limits, describe, extract
from scanner.models import Chunk, InventoryRow, Item, ScanError
from scanner.recognizers import sources_key


@dataclass
class WorkerSettings:
    detector: DetectorSettings
    limits: Limits = field(default_factory=Limits)
    ocr: bool = False


@dataclass
class ItemResult:
    location: str
    rows: list[InventoryRow] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    bytes_read: int = 0
    chunks: int = 0
    skipped_binary: int = 0


class CountingStream:
    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        return data

    def close(self) -> None:
        self.raw.close()


# Distinct values remembered per (location, entity type) for subject searches. A 2 GB
# log can hold millions of distinct addresses; beyond this many (about 20 MB) the
# rest are counted but not remembered, so a worker's memory stays bounded.
MAX_FINGERPRINTS_PER_ROW = 200_000

_detector: Optional[Detector] = None
_settings: Optional[WorkerSettings] = None
_sources: Optional[tuple] = None


def init_worker(settings: WorkerSettings, ignore_sigint: bool = True) -> None:
    """Give this process its Detector (Presidio engines are not shared between processes).

    A worker forked from a parent that already built one for the same settings
    and the same recognisers on disk (`sources_key`: plugins, YAML files) keeps
    the inherited copy: it starts at once, and the memory stays shared.
    """
    global _detector, _settings, _sources
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides how to stop
    sources = sources_key(settings.detector.rules_dirs)
    if _detector is not None and _settings == settings and _sources == sources:
        return
    _settings, _sources = settings, sources
    _detector = Detector.from_settings(settings.detector)


def _chunks(item: Item, ctx: ExtractContext, result: ItemResult) -> Iterator[Chunk]:
    if item.chunker is not None:
        yield from item.chunker()
        return
    try:
        raw = item.open()
    except OSError as exc:
        result.errors.append(ScanError(item.location, "open", describe(exc)))
        return
    stream = CountingStream(raw)
    try:
        yield from extract(stream, item.location, ctx, name=item.name_hint, modified=item.modified)
    finally:
        result.bytes_read = stream.count
        stream.close()


_frozen = False


def process_item(item: Item) -> ItemResult:
    """Everything found in one item by this process's Detector (see init_worker)."""
    global _frozen
    assert _detector is not None and _settings is not None, "init_worker() first"
    result = read_item(item, _detector, _settings)
    if not _frozen and result.chunks:
        # The first item read loaded what the detector loads lazily (the name model, the
        # compiled pass): from now on the cyclic garbage collector leaves those objects alone
        # instead of walking all of them in every full collection (on CSV exports it took
        # 8 % of detection, 3.5 % after; about 2 % of a whole scan before, 1.6 % after).
        gc.freeze()
        _frozen = True
    return result


def read_item(item: Item, detector: Detector, settings: WorkerSettings) -> ItemResult:
    """Everything found in one item, aggregated; failures become ScanErrors, never exceptions."""
    result = ItemResult(location=item.location)
    detector.start_document()
    ctx = ExtractContext(report_error=result.errors.append, limits=settings.limits, ocr=settings.ocr)
    rows: dict[tuple[str, str], InventoryRow] = {}
    cells = _CellTally()
    stage = "extract"
    try:
        for chunk in _chunks(item, ctx, result):
            result.chunks += 1
            stage = "detect"
            for entity in chunk.metadata.get("schema_evidence", ()):
                _row(rows, item, chunk, entity).evidence = "schema"
            cells.saw(chunk)
            for finding in detector.detect(chunk):
                cells.matched(chunk, finding)
                row = _row(rows, item, chunk, finding.entity_type)
                row.count += 1
                if len(row.fingerprints) < MAX_FINGERPRINTS_PER_ROW:
                    row.fingerprints.add(finding.fingerprint)
                else:
                    row.extra["_fingerprints_capped"] = True
                if finding.score > row.max_score:
                    row.max_score, row.sample = finding.score, finding.sample
            stage = "extract"
    except Exception as exc:  # one bad item never stops the scan
        result.errors.append(ScanError(item.location, stage, describe(exc)))
    for row in rows.values():
        if row.count:
            row.evidence = "content"
        cells.report(row)
    result.rows = list(rows.values())
    result.skipped_binary = ctx.stats["skipped_binary"]
    return result


def _row(rows: dict, item: Item, chunk: Chunk, entity: str) -> InventoryRow:
    key = (chunk.location, entity)
    row = rows.get(key)
    if row is None:
        row = rows[key] = InventoryRow(
            source=item.source,
            source_type=item.source_type,
            location=chunk.location,
            entity_type=entity,
            item_modified=chunk.modified or item.modified,
            item_created=item.created,
            owner=item.owner,
            extra=dict(chunk.metadata.get("row_extra", {})),
        )
    return row


class _CellTally:
    """Database columns: how many cells were read and how many matched, per (location, entity).

    A chunk made of table cells says where its cells start (`cell_starts`, the
    index of its first cell and the running total): a finding is mapped to its
    cell so that two e-mail addresses in one cell count as one matching value.
    """

    def __init__(self) -> None:
        self.totals: dict[str, int] = {}
        self.hits: dict[tuple[str, str], set[int]] = {}

    def saw(self, chunk: Chunk) -> None:
        if "cells_total" in chunk.metadata:
            self.totals[chunk.location] = max(self.totals.get(chunk.location, 0), chunk.metadata["cells_total"])

    def matched(self, chunk: Chunk, finding) -> None:
        starts = chunk.metadata.get("cell_starts")
        if starts:
            cell = chunk.metadata["first_cell"] + bisect_right(starts, finding.start - chunk.offset) - 1
            self.hits.setdefault((chunk.location, finding.entity_type), set()).add(cell)

    def report(self, row: InventoryRow) -> None:
        if row.location in self.totals:
            total = self.totals[row.location]
            matched = len(self.hits.get((row.location, row.entity_type), ()))
            row.extra.update(values_read=total, values_matched=matched,
                             match_share=f"{matched / total:.3f}" if total else "")
