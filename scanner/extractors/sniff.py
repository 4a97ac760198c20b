"""Decide an item's format from its first bytes (magic numbers), then its name."""
from __future__ import annotations

import os
import re

# (magic bytes, offset, format)
_MAGIC = [
    (b"PK\x03\x04", 0, "zip"),
    (b"PK\x05\x06", 0, "zip"),
    (b"%PDF-", 0, "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "ole"),
    (b"\x1f\x8b", 0, "gzip"),
    (b"BZh", 0, "bzip2"),
    (b"\xfd7zXZ\x00", 0, "xz"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z"),
    (b"\x89PNG\r\n\x1a\n", 0, "png"),
    (b"\xff\xd8\xff", 0, "jpeg"),
    (b"II*\x00", 0, "tiff"),
    (b"MM\x00*", 0, "tiff"),
    (b"{\\rtf", 0, "rtf"),
    (b"ustar", 257, "tar"),
    (b"Rar!\x1a\x07", 0, "rar"),
    (b"GIF8", 0, "gif"),
    (b"SQLite format 3\x00", 0, "sqlite"),
]

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

_TEXT_EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".eml": "eml", ".msg": "ole", ".mbox": "mbox",
}

HEAD_SIZE = 8192

# An RFC 822 message without a name (a Maildir file): it opens with one of these headers
# and at least three of them appear before the first blank line.
_MAIL_HEADER = re.compile(
    rb"(return-path|received|from|to|subject|message-id|date|delivered-to|mime-version|content-type|x-[\w-]+):[ \t]",
    re.IGNORECASE,
)
_MAIL_TYPICAL = {b"return-path", b"received", b"from", b"to", b"subject", b"message-id", b"date",
                 b"delivered-to", b"mime-version", b"content-type"}


def looks_like_mail(head: bytes) -> bool:
    block = head.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = block.split(b"\n")
    if not _MAIL_HEADER.match(lines[0]):
        return False
    names = {line.split(b":", 1)[0].strip().lower() for line in lines if line and line[:1] not in b" \t"}
    return len(names & _MAIL_TYPICAL) >= 3


def looks_binary(head: bytes) -> bool:
    """True for data that is not text in any encoding Leidur reads."""
    if not head or head.startswith(_BOMS) or head[:4] in (b"\x00\x00\xfe\xff",):
        return False
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte is NUL in Latin text.
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = len(head) // 2 or 1
        return not (odd_nuls > 0.4 * half or even_nuls > 0.4 * half)
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.1


def sniff(head: bytes, name: str = "") -> str:
    """The format name for these first bytes: a magic-number format, 'text', or 'binary'."""
    for magic, offset, fmt in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return fmt
    extension = os.path.splitext(name.lower())[1]
    if looks_binary(head):
        return "binary"
    if extension in _TEXT_EXTENSIONS:
        return _TEXT_EXTENSIONS[extension]
    stripped = head.lstrip()[:512].lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"From ") and b"\n" in head:
        return "mbox"
    if looks_like_mail(head):
        return "eml"
    return "text"
