"""Extractors turn an item's bytes into text Chunks, choosing the reader by content, not by name.

Each format's reader is a function `read(stream, location, name, ctx)` that
yields Chunks; container formats (archives, e-mail) call `extract()` again on
their members with a nested location (`a.zip!dir/b.docx`) and `ctx.nested()`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from typing import IO, Callable, Iterator, Optional

from scanner.extractors.sniff import HEAD_SIZE, sniff
from scanner.extras import missing_library
from scanner.models import Chunk, ScanError

# format -> "module:function"
# A format whose module is not in this build is listed in errors.csv as not scanned.
READERS: dict[str, str] = {
    "text": "scanner.extractors.text:read_text",
    "html": "scanner.extractors.text:read_html",
    "zip": "scanner.extractors.archive:read_zip",  # also docx/xlsx/pptx/odt/ods/odp by member names
    "tar": "scanner.extractors.archive:read_tar",
    "gzip": "scanner.extractors.archive:read_gzip",
    "bzip2": "scanner.extractors.archive:read_bzip2",
    "xz": "scanner.extractors.archive:read_xz",
    "7z": "scanner.extractors.archive:read_7z",
    "pdf": "scanner.extractors.pdf:read_pdf",
    "ole": "scanner.extractors.ole:read_ole",  # .doc, .xls, .msg
    "rtf": "scanner.extractors.office:read_rtf",
    "png": "scanner.extractors.image:read_image",
    "jpeg": "scanner.extractors.image:read_image",
    "tiff": "scanner.extractors.image:read_image",
    "eml": "scanner.extractors.email:read_eml",
    "mbox": "scanner.extractors.email:read_mbox",
    "sqlite": "scanner.extractors.sqlite_file:read_sqlite",
}

# Formats Leidur knows but does not read in this build: listed as not scanned.
KNOWN_UNREAD = {"rar": "RAR archives are not supported", "gif": "images are not read"}


@dataclass(frozen=True)
class Limits:
    """Bounds that hold against hostile input (zip bombs, deep nesting, huge members)."""

    max_depth: int = 5
    max_expanded_bytes: int = 2 * 1024**3  # per top-level item, all members together
    max_ratio: int = 200  # uncompressed / compressed, per member
    max_members: int = 100_000
    max_member_bytes: int = 512 * 1024**2


@dataclass
class ExtractContext:
    report_error: Callable[[ScanError], None]
    limits: Limits = field(default_factory=Limits)
    ocr: bool = False
    depth: int = 0
    stats: dict = field(default_factory=lambda: {"skipped_binary": 0, "expanded_bytes": 0})

    def nested(self) -> "ExtractContext":
        return replace(self, depth=self.depth + 1)

    def error(self, location: str, stage: str, message: str) -> None:
        self.report_error(ScanError(location, stage, message))


class PeekedStream:
    """A read-only stream whose first bytes were already read to sniff the format."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head = head
        self._pos = 0
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._pos < len(self._head):
            if size is None or size < 0:
                data = self._head[self._pos:] + self._rest.read()
                self._pos = len(self._head)
                return data
            data = self._head[self._pos:self._pos + size]
            self._pos += len(data)
            if len(data) < size:
                data += self._rest.read(size - len(data))
            return data
        return self._rest.read(size)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._rest.close()


def reader_for(fmt: str):
    reference = READERS.get(fmt)
    if reference is None:
        return None
    module_name, _, function = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None  # this build has no reader for the format
        raise
    return getattr(module, function)


def extract(
    stream: IO[bytes],
    location: str,
    ctx: ExtractContext,
    name: str = "",
    modified=None,
) -> Iterator[Chunk]:
    """Chunks of text from one stream; failures become ScanErrors, never exceptions."""
    if ctx.depth > ctx.limits.max_depth:
        ctx.error(location, "extract", f"nesting deeper than {ctx.limits.max_depth} levels: not read")
        return
    head = stream.read(HEAD_SIZE)
    fmt = sniff(head, name or location)
    if fmt == "binary":
        from scanner.extractors.expected import broken_promise

        promise = broken_promise(name or location)
        if promise:
            ctx.error(location, "extract", promise)
            return
        ctx.stats["skipped_binary"] += 1
        return
    try:
        read = reader_for(fmt)
        if read is None:
            reason = KNOWN_UNREAD.get(fmt, f"format '{fmt}' is not supported by this build")
            ctx.error(location, "unsupported", reason)
            return
        for chunk in read(PeekedStream(head, stream), location, name or location, ctx):
            if modified is not None and chunk.modified is None:
                chunk.modified = modified
            yield chunk
    except Exception as exc:  # a broken file must not stop the scan
        ctx.error(location, "not scanned" if missing_library(exc) else "extract", describe(exc))


def describe(exc: BaseException) -> str:
    """A short, single-line reason for errors.csv (never a traceback); a missing extra is named."""
    missing = missing_library(exc)
    if missing:
        return missing
    text = str(exc).strip().replace("\n", " ")
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__
