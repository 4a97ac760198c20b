"""OLE compound files: Outlook .msg (headers, body, every attachment), legacy .xls; .doc/.ppt are listed as not read."""
from __future__ import annotations

import io
from typing import IO, Iterator

from scanner.extractors import describe, extract
from scanner.extractors.streams import chunks_of, read_bounded, spool
from scanner.extractors.text import read_html
from scanner.models import Chunk

NOT_READ = {
    "WordDocument": "legacy Word .doc is not read by this build (no well-kept library reads it): convert to .docx",
    "PowerPoint Document": "legacy PowerPoint .ppt is not read by this build: convert to .pptx",
    "EncryptedPackage": "password-protected Office document: not read",
}


def read_ole(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    import olefile

    with spool(stream) as copy:
        with olefile.OleFileIO(copy) as ole:
            streams = {"/".join(path) for path in ole.listdir(streams=True, storages=True)}
        copy.seek(0)
        if "__properties_version1.0" in streams:
            yield from read_msg(copy, location, ctx)
        elif "Workbook" in streams or "Book" in streams:
            from scanner.extractors.office import read_workbook

            yield from read_workbook(copy, location)
        else:
            reason = next((why for key, why in NOT_READ.items() if key in streams), None)
            ctx.error(location, "unsupported", reason or "OLE compound file of an unknown kind: not read")


def read_msg(stream: IO[bytes], location: str, ctx) -> Iterator[Chunk]:
    import extract_msg

    data = read_bounded(stream, ctx.limits.max_member_bytes, "Outlook message")
    message = extract_msg.openMsg(data, strict=False, delayAttachments=False)
    try:
        yield from _message_chunks(message, location, ctx)
    finally:
        message.close()


def _header_lines(message) -> Iterator[str]:
    for label, attribute in (("From", "sender"), ("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"), ("Subject", "subject")):
        value = _quietly(lambda: getattr(message, attribute, None))
        if value:
            yield f"{label}: {value}\n"
    for recipient in _quietly(lambda: message.recipients) or ():
        # Display lines may hold only names; the recipient table holds the addresses.
        yield f"Recipient: {recipient.name or ''} <{recipient.email or ''}>\n"


def _quietly(getter):
    try:
        return getter()
    except Exception:  # one unreadable property must not lose the rest of the message
        return None


def _message_chunks(message, location: str, ctx) -> Iterator[Chunk]:
    yield from chunks_of(_header_lines(message), location, context=("e-mail", "header"))
    body = _quietly(lambda: message.body)
    if body:
        yield from chunks_of([body], location)
    else:
        html = _quietly(lambda: message.htmlBody)
        if html:
            yield from read_html(io.BytesIO(html), location, location, ctx)
    for index, attachment in enumerate(_quietly(lambda: message.attachments) or (), 1):
        yield from _attachment_chunks(attachment, index, location, ctx)


def _attachment_chunks(attachment, index: int, location: str, ctx) -> Iterator[Chunk]:
    from extract_msg.enums import AttachmentType

    filename = _quietly(lambda: attachment.getFilename()) or f"attachment-{index}"
    member_location = f"{location}!{filename}"
    nested = ctx.nested()
    if nested.depth > ctx.limits.max_depth:
        ctx.error(member_location, "extract", f"nesting deeper than {ctx.limits.max_depth} levels: not read")
        return
    try:
        kind = attachment.type
        if kind in (AttachmentType.MSG, AttachmentType.SIGNED_EMBEDDED):
            yield from _message_chunks(attachment.data, member_location, nested)
            return
        data = attachment.data
        if not isinstance(data, (bytes, bytearray)):
            ctx.error(member_location, "extract", f"attachment of type {getattr(kind, 'name', kind)}: not read")
            return
        ctx.stats["expanded_bytes"] = ctx.stats.get("expanded_bytes", 0) + len(data)
        yield from extract(io.BytesIO(data), member_location, nested, name=filename)
    except Exception as exc:  # a broken attachment: the message's other parts are still read
        ctx.error(member_location, "extract", describe(exc))
