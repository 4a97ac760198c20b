"""Text decoding and chunking: encodings, chunk edges, the end of a large file, bounded memory."""
from __future__ import annotations

import io

import pytest

from scanner.detect.detector import Detector
from scanner.extractors import ExtractContext, extract
from scanner.extractors.text import detect_encoding, iter_chunks
from scanner.models import Chunk
from scanner.recognizers import load_all

CODE = "38001085718"


@pytest.fixture(scope="module")
def detector():
    return Detector(load_all(), b"test-key")


def findings_in(detector, data: bytes, **chunking):
    errors = []
    ctx = ExtractContext(report_error=errors.append)
    if chunking:
        chunks = iter_chunks(io.BytesIO(data), "f", **chunking)
    else:
        chunks = extract(io.BytesIO(data), "f", ctx, name="f.txt")
    found = [(f.entity_type, f.start) for chunk in chunks for f in detector.detect(chunk)]
    assert errors == []
    return found


@pytest.mark.parametrize("size", [500, 1000, 1011, 1020, 1100])
def test_value_across_a_chunk_edge_is_found_once(detector, size):
    # The code starts at every position around the 1,000-character chunk edge.
    text = "x" * (size - 12) + f" isikukood {CODE} " + "y" * 3000
    found = findings_in(detector, text.encode(), chunk_chars=1000, overlap=64)
    assert found == [("EE_PERSONAL_CODE", text.index(CODE))]


def test_every_chunk_owns_a_disjoint_part_and_together_all_of_the_text():
    text = "".join(f"rida {i}: õun ja šokolaad\n" for i in range(5000))
    chunks = list(iter_chunks(io.BytesIO(text.encode()), "f", chunk_chars=700, overlap=50))
    assert "".join(c.text[c.own_start:c.own_end] for c in chunks) == text
    for chunk in chunks:
        assert text[chunk.offset:chunk.offset + len(chunk.text)] == chunk.text
        assert len(chunk.text) <= 700 + 2 * 50


def test_value_at_the_very_end_of_a_large_file_is_found(detector, tmp_path):
    path = tmp_path / "big.log"
    line = b"2025-03-12 10:00:07 INFO request served in 12 ms status=200\n"
    with open(path, "wb") as handle:
        for _ in range(20 * 1024 * 1024 // len(line)):
            handle.write(line)
        handle.write(f"isikukood {CODE}".encode())
    with open(path, "rb") as handle:
        found = findings_in(detector, handle.read())
    assert found == [("EE_PERSONAL_CODE", path.stat().st_size - len(CODE))]


def test_chunking_memory_is_bounded():
    class Endless(io.RawIOBase):
        """50 MB of text produced on demand, never held at once."""

        def __init__(self):
            self.left = 50 * 1024 * 1024

        def readable(self):
            return True

        def readinto(self, buffer):
            n = min(len(buffer), self.left)
            buffer[:n] = b"a" * n
            self.left -= n
            return n

    biggest = max(len(c.text) for c in iter_chunks(io.BufferedReader(Endless()), "f"))
    assert biggest <= 32_768 + 2 * 256


TEXT = "Klient Tõnu Mäe-Šaškov, isikukood 38001085718, e-post tonu@mail.ee, õnnelik žürii."


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("cp1257", b""),
        ("iso-8859-15", b""),
        ("utf-16-le", b""),
    ],
)
def test_encodings_are_decoded(detector, encoding, bom):
    data = bom + (TEXT + "\n") .encode(encoding) * 30
    chunks = list(extract(io.BytesIO(data), "f", ExtractContext(report_error=lambda e: None), name="f.txt"))
    decoded = "".join(c.text[c.own_start:c.own_end] for c in chunks)
    assert "38001085718" in decoded and "tonu@mail.ee" in decoded
    if encoding != "iso-8859-15":  # Latin-9 and cp1257 differ only in š/ž; either reading keeps õäöü
        assert "Tõnu Mäe-Šaškov" in decoded
    kinds = sorted({f.entity_type for c in chunks for f in detector.detect(c)})
    assert kinds == ["EE_PERSONAL_CODE", "EMAIL_ADDRESS", "PERSON"]  # Tõnu Mäe-Šaškov is a person


def test_legacy_estonian_text_is_not_read_as_another_script():
    sample = ("Õnne tänav 5, Pärnu. Müüja: Jüri Õunapuu, ostja: Tiit Mägi. " * 20).encode("cp1257")
    assert detect_encoding(sample).replace("_", "").lower() in {"cp1257", "windows1257", "iso885915", "iso885913", "cp1252", "windows1252", "latin1", "iso88591"}


def test_binary_files_are_skipped_quietly():
    errors = []
    ctx = ExtractContext(report_error=errors.append)
    data = bytes(range(256)) * 100
    assert list(extract(io.BytesIO(data), "blob.bin", ctx)) == []
    assert errors == [] and ctx.stats["skipped_binary"] == 1


def test_html_text_keeps_mail_links_and_drops_scripts(detector):
    html = (
        b"<html><script>var x = 'mari@mail.ee';</script>"
        b"<a href=\"mailto:jaan.kask@mail.ee\">Jaan</a> tel <b>+372 5123 4567</b></html>"
    )
    chunks = list(extract(io.BytesIO(html), "k.html", ExtractContext(report_error=lambda e: None)))
    kinds = sorted(f.entity_type for c in chunks for f in detector.detect(c))
    assert kinds == ["EMAIL_ADDRESS", "PHONE_NUMBER"]
    assert "var x" not in chunks[0].text


def test_detector_ignores_findings_outside_the_owned_part(detector):
    text = f"isikukood {CODE} ja isikukood 49403136069"
    chunk = Chunk(text, "f", own_start=0, own_end=text.index("ja"))
    assert [f.sample for f in detector.detect(chunk)] == ["3800108****"]
