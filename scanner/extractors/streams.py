"""Stream helpers for container formats: limit-enforcing member streams, spooling, generated text."""
from __future__ import annotations

import tempfile
from typing import IO, Callable, Iterable, Iterator, Optional

from scanner.extractors.text import iter_chunks
from scanner.models import Chunk

BLOCK = 1 << 20
# Small members compress far better than any ratio limit (a page of blanks), so the
# compression-ratio limit applies only once a member has expanded past this size.
RATIO_FLOOR = 1 << 20
SPOOL_IN_MEMORY = 8 << 20


class LimitExceeded(Exception):
    """A limit against hostile input was hit; the message says which one."""


class BoundedStream:
    """A member's decompressed bytes, stopping with LimitExceeded as soon as a limit is crossed.

    `compressed` returns how many compressed bytes the member took (declared size
    for zip, bytes consumed so far for gzip/bzip2/xz); the ratio is checked while
    reading, so a bomb is stopped after a bounded amount of work and memory.
    """

    def __init__(self, raw: IO[bytes], ctx, compressed: Optional[Callable[[], int]] = None):
        self.raw = raw
        self.ctx = ctx
        self.compressed = compressed
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = BLOCK  # never pull a whole member at once; callers loop
        data = self.raw.read(size)
        self.count += len(data)
        self.ctx.stats["expanded_bytes"] = self.ctx.stats.get("expanded_bytes", 0) + len(data)
        self._check()
        return data

    def _check(self) -> None:
        limits = self.ctx.limits
        if self.count > limits.max_member_bytes:
            raise LimitExceeded(f"member expands past max_member_bytes ({limits.max_member_bytes} bytes): rest not read")
        if self.ctx.stats["expanded_bytes"] > limits.max_expanded_bytes:
            raise LimitExceeded(f"archive expands past max_expanded_bytes ({limits.max_expanded_bytes} bytes): rest not read")
        if self.compressed is not None and self.count > RATIO_FLOOR:
            ratio = self.count / max(self.compressed(), 1)
            if ratio > limits.max_ratio:
                raise LimitExceeded(f"compression ratio above max_ratio ({limits.max_ratio}): likely a zip bomb, rest not read")

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.raw.close()


class CountingReader:
    """Counts the compressed bytes a decompressor consumes (for the ratio limit)."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size if size is not None and size >= 0 else BLOCK)
        self.count += len(data)
        return data

    def readable(self) -> bool:
        return True


def spool(stream: IO[bytes]) -> IO[bytes]:
    """A seekable copy of `stream` (memory up to a few MB, then a temporary file), rewound."""
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    while True:
        block = stream.read(BLOCK)
        if not block:
            break
        copy.write(block)
    copy.seek(0)
    return copy


def read_bounded(stream: IO[bytes], limit: int, what: str) -> bytes:
    """All of a stream that a library needs whole, refusing more than `limit` bytes."""
    parts, total = [], 0
    while True:
        block = stream.read(BLOCK)
        if not block:
            return b"".join(parts)
        total += len(block)
        if total > limit:
            raise LimitExceeded(f"{what} larger than max_member_bytes ({limit} bytes): not read")
        parts.append(block)


class PiecesStream:
    """UTF-8 bytes of text produced piece by piece, read like a file (feeds `iter_chunks`)."""

    def __init__(self, pieces: Iterable[str]):
        self._pieces = iter(pieces)
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        size = BLOCK if size is None or size < 0 else size
        parts, length = [self._buffer], len(self._buffer)
        while length < size:  # a list joined once: `bytes +=` per piece is quadratic
            piece = next(self._pieces, None)
            if piece is None:
                break
            encoded = piece.encode("utf-8")
            parts.append(encoded)
            length += len(encoded)
        buffer = b"".join(parts)
        data, self._buffer = buffer[:size], buffer[size:]
        return data


def chunks_of(pieces: Iterable[str], location: str, context: tuple[str, ...] = (), **metadata) -> Iterator[Chunk]:
    """Overlapping chunks of generated text (document paragraphs, message bodies)."""
    for chunk in iter_chunks(PiecesStream(pieces), location, encoding="utf-8"):
        chunk.context = context
        chunk.metadata.update(metadata)
        yield chunk
