"""Images (.png, .jpg, .tiff): text read by OCR with the `tesseract` binary (est+eng), only with --ocr."""
from __future__ import annotations

import shutil
import subprocess
from typing import IO, Iterator

from scanner.extractors.streams import chunks_of, read_bounded
from scanner.models import Chunk

OCR_LANGUAGES = "est+eng"
OCR_TIMEOUT_SECONDS = 120
MAX_PIXELS = 80_000_000  # larger images are decompression bombs or posters, not scans


class OcrUnavailable(Exception):
    """Tesseract or its language data is not installed."""


def ocr_image_bytes(data: bytes) -> str:
    """The text Tesseract reads in an image (any format it accepts: PNG, JPEG, TIFF, PNM)."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("tesseract is not installed: image not scanned")
    done = subprocess.run(
        [binary, "stdin", "stdout", "-l", OCR_LANGUAGES, "--psm", "3"],
        input=data, capture_output=True, timeout=OCR_TIMEOUT_SECONDS,
    )
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(f"tesseract failed: {reason[-1][:200] if reason else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _check_pixels(data: bytes) -> None:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:  # reads the header only
        width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValueError(f"image of {width}x{height} pixels is larger than the OCR limit ({MAX_PIXELS} pixels)")


def read_image(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    if not ctx.ocr:
        ctx.error(location, "not scanned", "image: text in images is read only with --ocr")
        return
    data = read_bounded(stream, ctx.limits.max_member_bytes, "image")
    _check_pixels(data)
    yield from chunks_of([ocr_image_bytes(data)], location, ocr="tesseract")
