"""A generated share with every readable format: planted identifiers found at the right nested locations."""
from __future__ import annotations

from pathlib import Path

import pytest

from scanner.api import ScanRequest, scan_and_report
from scanner.extractors import ExtractContext, extract
from scanner.targets import parse_target
from tests.conftest import TEST_KEY
from tests.format_fixtures import EXPECTED, NOT_EXPECTED, build_share


@pytest.fixture(scope="module")
def share(tmp_path_factory):
    root = tmp_path_factory.mktemp("share")
    planted = build_share(root)
    return root, planted


def _scan(root: Path, out: Path, **options):
    request = ScanRequest(targets=[parse_target(str(root))], out_dir=out, jobs=1, quiet=True, **options)
    outcome = scan_and_report(request)
    rows = {(row.location[len(str(root)) + 1:], row.entity_type) for row in outcome.result.rows}
    errors = {error.location[len(str(root)) + 1:]: error for error in outcome.result.errors}
    return outcome, rows, errors


@pytest.fixture(scope="module")
def scanned(monkeypatch_module, share, tmp_path_factory):
    root, _ = share
    return _scan(root, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def monkeypatch_module(tmp_path_factory):
    """The module-wide scan runs before the per-test key fixture: give it the same test key."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEIDUR_KEY", TEST_KEY)
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg")))
        yield patch


@pytest.mark.parametrize("location, entity", EXPECTED)
def test_planted_identifier_found_at_nested_location(scanned, location, entity):
    _, rows, _ = scanned
    assert (location, entity) in rows, sorted(rows)


def test_places_without_identifiers_are_not_reported(scanned):
    _, rows, _ = scanned
    assert not [row for row in rows if row[0] in NOT_EXPECTED]


def test_images_listed_as_not_scanned_without_ocr_and_binary_skipped_quietly(scanned):
    outcome, rows, errors = scanned
    assert set(errors) == {"skann.png", "skann.pdf"}, errors
    assert all(error.stage == "not scanned" and "--ocr" in error.error for error in errors.values())
    assert not [row for row in rows if row[0].startswith("skann")]
    assert outcome.result.skipped_binary == 1  # pilt.bin: random bytes with no format, no error


def _chunks(path: Path, **ctx_options):
    errors: list = []
    ctx = ExtractContext(report_error=errors.append, **ctx_options)
    with open(path, "rb") as handle:
        return list(extract(handle, path.name, ctx, name=path.name)), errors


def test_pdf_text_of_every_page_in_order(share):
    root, planted = share
    chunks, errors = _chunks(root / "aruanne.pdf")
    pages = "".join(chunk.text[chunk.own_start:chunk.own_end] for chunk in chunks).split("\f")
    assert not errors
    assert "Aastaaruanne" in pages[0] and "Müügitulu" in pages[1]
    assert planted["page3_code"] in pages[2] and planted["page3_code"] not in pages[0] + pages[1]


def test_spreadsheet_cells_keep_column_header_as_context(share):
    root, planted = share
    chunks, _ = _chunks(root / "palgad.xlsx")
    holding = [chunk for chunk in chunks if planted["sheet_code"] in chunk.text]
    assert [(chunk.location, chunk.context) for chunk in holding] == [("palgad.xlsx!Töötajad", ("Isikukood",))]


def test_docx_reads_table_header_and_comment(share):
    root, planted = share
    chunks, _ = _chunks(root / "kliendid.docx")
    text = "".join(chunk.text for chunk in chunks)
    assert planted["table_code"] in text and "mari.maasikas@example.ee" in text and "Konto EE" in text


def test_msg_headers_body_and_attachment(share):
    root, planted = share
    chunks, errors = _chunks(root / "kiri.msg")
    own = "".join(chunk.text for chunk in chunks if chunk.location == "kiri.msg")
    assert not errors
    for expected in ("Mari Maasikas", "mari.maasikas@example.ee", "Jaan Tamm", "jaan.tamm@example.ee", "Leping", "Tere!"):
        assert expected in own
    attached = [chunk for chunk in chunks if chunk.location == "kiri.msg!leping.docx"]
    assert attached and planted["attachment_code"] in attached[0].text


def test_ocr_reads_images_and_scanned_pdf_pages(share, tmp_path, monkeypatch_module):
    root, _ = share
    outcome, rows, errors = _scan(root, tmp_path / "out", ocr=True, include=["skann*"])
    assert ("skann.png", "EE_PERSONAL_CODE") in rows and ("skann.png", "EMAIL_ADDRESS") in rows, (rows, errors)
    assert ("skann.pdf", "EE_PERSONAL_CODE") in rows, (rows, errors)
    assert not errors


@pytest.mark.parametrize("stream_name, reason", [
    ("WordDocument", "legacy Word .doc"),
    ("EncryptedPackage", "password-protected"),
])
def test_ole_files_not_read_give_a_clear_reason(tmp_path, stream_name, reason):
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    writer.addEntry(stream_name, b"\x00" * 5000)
    path = tmp_path / "vana.doc"
    writer.write(str(path))
    chunks, errors = _chunks(path)
    assert not chunks
    assert [(error.location, error.stage) for error in errors] == [("vana.doc", "unsupported")]
    assert reason in errors[0].error


def test_rtf_escapes_decoded_in_the_documents_code_page(tmp_path):
    path = tmp_path / "volikiri.rtf"
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg1257\\deff0 Pe\\'f0a \\'fei\\'f5 isikukood 39001010008\\par}")
    chunks, errors = _chunks(path)
    assert not errors and "Pe\u0161a \u017ei\u00f5 isikukood 39001010008" in chunks[0].text
