"""PDF: the text layer of every page with pypdfium2; image-only pages through OCR when --ocr is on."""
from __future__ import annotations

import io
from typing import IO, Iterator

from scanner.extractors.streams import chunks_of, spool
from scanner.models import Chunk

OCR_SCALE = 300 / 72  # render scanned pages at 300 dpi, Tesseract's preferred resolution
MIN_TEXT_CHARS = 8  # fewer characters than this on a page with images: a scanned page


def read_pdf(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    import pypdfium2 as pdfium

    with spool(stream) as copy:
        try:
            document = pdfium.PdfDocument(copy)
        except pdfium.PdfiumError as exc:
            ctx.error(location, "extract", _open_reason(exc))
            return
        try:
            yield from chunks_of(_pages_text(document, location, ctx), location)
        finally:
            document.close()


def _open_reason(exc: Exception) -> str:
    message = str(exc)
    if "password" in message.lower():
        return "encrypted PDF (password required): not read"
    return f"corrupt or unreadable PDF: {message[:200]}"


def _pages_text(document, location: str, ctx) -> Iterator[str]:
    """Each page's text in turn, a form feed between pages."""
    not_scanned = []
    for index in range(len(document)):
        try:
            text = _page_text(document, index, ctx, not_scanned)
        except Exception as exc:  # one broken page: the other pages are still read
            from scanner.extractors import describe

            ctx.error(location, "extract", f"page {index + 1}: {describe(exc)}")
            text = ""
        yield text + "\n\f"
    if not_scanned:
        pages = ", ".join(map(str, not_scanned[:20])) + (" ..." if len(not_scanned) > 20 else "")
        ctx.error(location, "not scanned", f"image-only PDF pages {pages}: read only with --ocr")


def _page_text(document, index: int, ctx, not_scanned: list[int]) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        if len(text.strip()) < MIN_TEXT_CHARS and _has_images(page):
            if ctx.ocr:
                return _ocr_page(page)
            not_scanned.append(index + 1)
        return text
    finally:
        page.close()


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3))


def _ocr_page(page) -> str:
    from scanner.extractors.image import ocr_image_bytes

    bitmap = page.render(scale=OCR_SCALE, grayscale=True)
    image = bitmap.to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ocr_image_bytes(buffer.getvalue())
