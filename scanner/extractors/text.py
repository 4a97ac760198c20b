"""Plain text, CSV, JSON, XML, logs and HTML: decoded by BOM or detection, read in overlapping chunks.

Memory stays bounded whatever the file size: bytes are decoded incrementally
and only one chunk plus its overlap is held at a time.
"""
from __future__ import annotations

import codecs
import html
import re
from typing import IO, Iterator

from charset_normalizer import from_bytes

from scanner.models import Chunk

CHUNK_CHARS = 32_768
OVERLAP = 256  # longer than any identifier plus its nearest context words
READ_BYTES = 1 << 20
SAMPLE_BYTES = 64 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def detect_encoding(sample: bytes) -> str:
    """The encoding of `sample`: BOM first, then strict UTF-8, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    if not sample:
        return "utf-8"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut at the end of the sample
            return "utf-8"
    if b"\x00" in sample:
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    best = from_bytes(sample, cp_isolation=["cp1257", "iso8859_15", "cp1252", "iso8859_13", "cp1251", "utf_8"]).best()
    if best is None or best.encoding in _LATIN_FAMILY:
        return _best_estonian_latin(sample)
    return best.encoding


# Single-byte encodings of Estonian text agree on õ ä ö ü and differ on š ž;
# charset-normalizer cannot tell them apart on short samples, so count letters.
_LATIN_FAMILY = {"cp1257", "iso8859_15", "cp1252", "iso8859_13", "latin_1", "iso8859_1", "iso8859_4", "cp1250", "iso8859_2"}
_ESTONIAN = set("õäöüšžÕÄÖÜŠŽ")
_UNLIKELY = set("ÐðÞþ¨¸´¦¼½¾ØøÆæ") | {chr(c) for c in range(0x80, 0xA0)}


def _best_estonian_latin(sample: bytes) -> str:
    def score(encoding: str) -> int:
        text = sample.decode(encoding, errors="replace")
        return sum(ch in _ESTONIAN for ch in text) - 3 * sum(ch in _UNLIKELY or ch == "\ufffd" for ch in text)

    return max(("cp1257", "iso8859_15", "cp1252"), key=score)


def iter_chunks(stream: IO[bytes], location: str, encoding: str | None = None,
                chunk_chars: int = CHUNK_CHARS, overlap: int = OVERLAP) -> Iterator[Chunk]:
    """Overlapping chunks of the decoded text; each chunk owns [own_start, own_end) of its text."""
    first = stream.read(SAMPLE_BYTES)
    encoding = encoding or detect_encoding(first)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    buffer = decoder.decode(first, final=False)
    base = 0  # absolute offset of buffer[0]
    lead = 0  # chars at the start of buffer already owned by the previous chunk
    finished = False
    while True:
        if not finished and len(buffer) - lead < chunk_chars + overlap:
            block = stream.read(READ_BYTES)
            finished = not block
            buffer += decoder.decode(block, final=finished)
            continue
        if finished and len(buffer) <= lead:
            return
        own_end = min(lead + chunk_chars, len(buffer))
        if finished and len(buffer) - own_end <= overlap:
            own_end = len(buffer)
        text_end = min(own_end + overlap, len(buffer))
        yield Chunk(text=buffer[:text_end], location=location, offset=base, own_start=lead, own_end=own_end)
        if own_end >= len(buffer) and finished:
            return
        cut = max(own_end - overlap, 0)
        buffer = buffer[cut:]
        base += cut
        lead = own_end - cut


def read_text(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    yield from iter_chunks(stream, location)


_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]{0,2000}>", re.IGNORECASE | re.DOTALL)
_ENTITY = re.compile(r"&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)


_ATTRIBUTE_VALUE = re.compile(r"""(?:href|title|alt|value|content|placeholder)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def _blank(match: re.Match) -> str:
    """Blank a tag in place, keeping attribute values people read (mailto: links, titles)."""
    tag = match.group(0)
    if match.group(1):  # script or style
        return " " * len(tag)
    out = [" "] * len(tag)
    for value in _ATTRIBUTE_VALUE.finditer(tag):
        start, end = value.span(2)
        text = tag[start:end]
        for prefix in ("mailto:", "tel:"):
            if text.lower().startswith(prefix):
                start += len(prefix)
                text = text[len(prefix):]
        out[start:end] = text
    return "".join(out)


def _entity(match: re.Match) -> str:
    text = html.unescape(match.group(0))
    # Keep the length so offsets and chunk ownership stay right.
    return text.ljust(len(match.group(0))) if len(text) <= len(match.group(0)) else match.group(0)


def read_html(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    """HTML as text: tags, scripts and styles blanked out in place, entities decoded."""
    for chunk in iter_chunks(stream, location):
        chunk.text = _ENTITY.sub(_entity, _TAG.sub(_blank, chunk.text))
        yield chunk
