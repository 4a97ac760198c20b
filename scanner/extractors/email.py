"""The one e-mail parser: .eml and .mbox files, and every mailbox source, turn messages into Chunks here.

A message gives a header chunk (From/To/Cc/Reply-To names and addresses and
the Subject, written as "From: Mari Tamm <mari.tamm@mail.ee>" so detectors
see the header names as context), its body (plain text, or HTML as text when
there is no plain alternative) and every attachment, read by `extract()` at
`<message location>!<attachment name>`.
"""
from __future__ import annotations

import email
import email.parser
import email.policy
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import IO, Iterator, Optional

from scanner.extractors import describe, extract
from scanner.extractors.text import detect_encoding, iter_chunks, read_html
from scanner.models import Chunk

PERSON_HEADERS = ("From", "Sender", "To", "Cc", "Bcc", "Reply-To")
HEADER_CONTEXT = ("e-mail", "e-post", "email", "saatja", "saaja", "nimi", "name")

_UNSAFE_IN_LOCATION = re.compile(r"[\s/!<>]+")
_RAW_NAME = re.compile(r'\b(?:file)?name="?([^";\r\n]+)', re.IGNORECASE)


# ---- parsing -------------------------------------------------------------------------------

def parse_message(data: bytes) -> Message:
    """A message from its raw bytes; the `default` policy decodes RFC 2047 headers."""
    return email.message_from_bytes(data, policy=email.policy.default)


def parse_headers(data: bytes) -> Message:
    """Only the header block (listing a mailbox needs Message-ID and Date, not bodies)."""
    end = data.find(b"\n\n")
    end2 = data.find(b"\r\n\r\n")
    cut = min(x for x in (end, end2, len(data)) if x >= 0)
    parser = email.parser.BytesHeaderParser(policy=email.policy.default)
    return parser.parsebytes(data[:cut])


def header_values(message: Message, name: str) -> list[str]:
    """Every occurrence of a header, decoded; malformed ones fall back to their raw text instead of failing."""
    try:
        values = [str(v) for v in message.get_all(name) or ()]
    except Exception:  # the default policy raises on some malformed headers
        values = [str(raw) for key, raw in message.raw_items() if key.lower() == name.lower()]
    return [" ".join(raw_8bit(v).split()) for v in values]


def header_text(message: Message, name: str) -> str:
    """The first occurrence of a header, decoded ('' if there is none)."""
    values = header_values(message, name)
    return values[0] if values else ""


def raw_8bit(text: str) -> str:
    """Undo the parser's surrogate escapes of raw 8-bit header bytes: UTF-8 if they are, else windows-1257."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # A few header bytes are too few to guess from; Estonian mail is Baltic (õ ä ö ü š ž agree with Latin-1 but š ž).
        return data.decode("cp1257", errors="replace")


def message_id(message: Message) -> str:
    """The Message-ID without angle brackets, safe inside a location ('' when there is none)."""
    raw = header_text(message, "Message-ID").strip().strip("<>").strip()
    return _UNSAFE_IN_LOCATION.sub("_", raw)[:200]


def message_date(message: Message) -> Optional[datetime]:
    raw = header_text(message, "Date")
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def fallback_id(data: bytes) -> str:
    """A stable name for a message without a Message-ID: a hash of its bytes."""
    return "sha256-" + hashlib.sha256(data).hexdigest()[:24]


# ---- message -> chunks ---------------------------------------------------------------------

# Transport and MIME bookkeeping: not read. Any other header (a custom "Klient:" line, or a
# text file that merely looks like mail) is kept, so sniffing a file as e-mail loses nothing.
TECHNICAL_HEADERS = {
    "received", "return-path", "delivered-to", "message-id", "date", "mime-version", "references",
    "in-reply-to", "dkim-signature", "authentication-results", "received-spf", "thread-index",
    "thread-topic", "importance", "priority", "user-agent", "precedence", "status", "lines",
}
TECHNICAL_PREFIXES = ("content-", "x-", "arc-", "list-", "resent-")


def header_chunk_text(message: Message) -> str:
    """The headers that name people, and the Subject, as "Name: value" lines; then other non-technical headers."""
    lines = [f"{name}: {value}" for name in (*PERSON_HEADERS, "Subject") for value in header_values(message, name)]
    known = {n.lower() for n in PERSON_HEADERS} | {"subject"} | TECHNICAL_HEADERS
    for name in dict.fromkeys(message.keys()):
        lowered = name.lower()
        if lowered not in known and not lowered.startswith(TECHNICAL_PREFIXES):
            lines.extend(f"{name}: {value}" for value in header_values(message, name))
    return "\n".join(lines) + "\n"


def _decoded_text(part: Message) -> str:
    """A text part's body as str, whatever its transfer encoding and charset."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: guess from the bytes
    return payload.decode(detect_encoding(payload[:65536]), errors="replace")


def attachment_name(part: Message, number: int) -> str:
    name = None
    try:
        name = part.get_filename()
    except Exception:
        pass
    if not name:
        subtype = part.get_content_subtype() or "bin"
        name = f"part-{number}.{subtype}"
    if "\ufffd" in name:  # raw 8-bit bytes in the parameter: take them from the undecoded header
        name = _raw_filename(part) or name
    return name.replace("!", "_").replace("/", "_").strip() or f"part-{number}"


def _raw_filename(part: Message) -> str:
    for key, raw in part.raw_items():
        if key.lower() in ("content-disposition", "content-type"):
            match = _RAW_NAME.search(str(raw))
            if match:
                return raw_8bit(match.group(1))
    return ""


@dataclass
class _Body:
    part: Message
    html: bool


def _walk(part: Message, bodies: list[_Body], attachments: list[Message]) -> None:
    """Sort a message's leaves into body texts and attachments (attached messages are attachments)."""
    content_type = part.get_content_type()
    if part.get_content_maintype() == "multipart":
        children = part.get_payload()
        children = children if isinstance(children, list) else []
        if part.get_content_subtype() == "alternative":
            # The same text twice: read the plain version, HTML only when it is the only one.
            if any(c.get_content_type() == "text/plain" and not _is_attachment(c) for c in children):
                children = [c for c in children if c.get_content_type() != "text/html" or _is_attachment(c)]
        for child in children:
            _walk(child, bodies, attachments)
    elif content_type in ("text/plain", "text/html") and not _is_attachment(part):
        bodies.append(_Body(part, content_type == "text/html"))
    else:
        attachments.append(part)


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";", 1)[0].strip().lower()
    if disposition == "attachment":
        return True
    try:
        return bool(part.get_filename())
    except Exception:
        return False


def message_chunks(message: Message, location: str, ctx, modified: Optional[datetime] = None) -> Iterator[Chunk]:
    """Every Chunk of one parsed message: header text, body texts, then each attachment."""
    modified = modified or message_date(message)
    header = header_chunk_text(message)
    for chunk in iter_chunks(io.BytesIO(header.encode("utf-8")), location, "utf-8"):  # bounded, even for 10,000 recipients
        chunk.context = HEADER_CONTEXT
        chunk.modified = modified
        yield chunk
    offset = len(header)
    bodies: list[_Body] = []
    attachments: list[Message] = []
    _walk(message, bodies, attachments)
    for body in bodies:
        data = _decoded_text(body.part).encode("utf-8")
        stream = io.BytesIO(data)
        chunks = read_html(stream, location, "", ctx) if body.html else iter_chunks(stream, location, "utf-8")
        length = 0
        for chunk in chunks:
            chunk.offset += offset
            chunk.modified = modified
            length = max(length, chunk.offset - offset + len(chunk.text))
            yield chunk
        offset += length + 1
    used: set[str] = set()
    for number, part in enumerate(attachments, start=1):
        name = unique_name(attachment_name(part, number), used)
        inner = f"{location}!{name}"
        try:
            yield from _attachment_chunks(part, inner, name, ctx, modified)
        except Exception as exc:  # one broken attachment: record it, read the rest
            ctx.error(inner, "extract", describe(exc))


def _attachment_chunks(part: Message, location: str, name: str, ctx, modified) -> Iterator[Chunk]:
    nested = ctx.nested()
    if nested.depth > ctx.limits.max_depth:
        ctx.error(location, "extract", f"nesting deeper than {ctx.limits.max_depth} levels: not read")
        return
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(inner, Message):
            yield from message_chunks(inner, location, nested, None)
            return
    payload = part.get_payload(decode=True)
    if payload is None:
        return
    if len(payload) > ctx.limits.max_member_bytes:
        ctx.error(location, "extract", f"attachment larger than {ctx.limits.max_member_bytes} bytes: not read")
        return
    payload = _declared_text_to_utf8(part, payload)
    yield from extract(io.BytesIO(payload), location, nested, name=name, modified=modified)


def _declared_text_to_utf8(part: Message, payload: bytes) -> bytes:
    """A text attachment in its declared charset, as UTF-8 (a guess from a few bytes can pick wrong)."""
    charset = part.get_content_charset()
    if part.get_content_maintype() != "text" or not charset or charset.lower() in ("utf-8", "us-ascii"):
        return payload
    try:
        return payload.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return payload  # a wrong or unknown label: let the extractor detect the encoding


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`... if it was used already in the same place."""
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name} ({n})"
    used.add(candidate)
    return candidate


# ---- readers registered in READERS ---------------------------------------------------------

def _read_bounded(stream: IO[bytes], limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"message larger than {limit} bytes: not read")
    return data


def read_eml(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    """One RFC 822 message (.eml file, Maildir file, IMAP message)."""
    data = _read_bounded(stream, ctx.limits.max_member_bytes)
    yield from message_chunks(parse_message(data), location, ctx)


def iter_mbox(stream: IO[bytes], limit: int) -> Iterator[tuple[int, int, bytes]]:
    """(start, end, raw message) byte spans of an mbox stream, one message in memory at a time.

    A message starts at a line beginning with "From " at the start of the file or
    after a blank line; the "From " line itself is not part of the message. A
    message larger than `limit` is yielded empty so that the caller can report it.
    """
    offset = 0
    start = None
    parts: list[bytes] = []
    size = 0
    previous_blank = True
    for line in _Lines(stream):
        if line.startswith(b"From ") and previous_blank:
            if start is not None:
                yield start, offset, _joined(parts, size, limit)
            start, parts, size = offset, [], 0
        elif start is not None or line.strip():
            if start is None:
                start = offset  # text before any "From " line (a lone message named .mbox): read, not dropped
            size += len(line)
            if size <= limit:
                parts.append(line[1:] if line.startswith(b">From ") else line)
        previous_blank = line in (b"\n", b"\r\n")
        offset += len(line)
    if start is not None:
        yield start, offset, _joined(parts, size, limit)


def _joined(parts: list[bytes], size: int, limit: int) -> bytes:
    """The message without the blank line that separates it from the next one."""
    if size > limit:
        return b""
    if parts and parts[-1] in (b"\n", b"\r\n"):
        parts = parts[:-1]
    return b"".join(parts)


def read_mbox(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    """An mbox file found on a share: each message at `<file>!<Message-ID>`."""
    used: set[str] = set()
    limit = ctx.limits.max_member_bytes
    for number, (_, _, data) in enumerate(iter_mbox(stream, limit), start=1):
        if not data:
            ctx.error(f"{location}!message-{number}", "extract", f"message larger than {limit} bytes: not read")
            continue
        message = parse_message(data)
        inner = f"{location}!{unique_name(message_id(message) or fallback_id(data), used)}"
        yield from message_chunks(message, inner, ctx.nested())


class _Lines:
    """Line iteration over any stream with read() (the extractor's PeekedStream has no readline)."""

    def __init__(self, stream: IO[bytes], block: int = 1 << 16):
        self.stream = stream
        self.block = block

    def __iter__(self) -> Iterator[bytes]:
        rest = b""
        while True:
            data = self.stream.read(self.block)
            if not data:
                if rest:
                    yield rest
                return
            rest += data
            lines = rest.split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield line + b"\n"
            if len(rest) > self.block * 16:  # no newline for a megabyte: pass it on rather than hold it all
                yield rest
                rest = b""
