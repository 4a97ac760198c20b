"""The reports: inventory.csv in a spreadsheet's dialect, inventory.json, report.html in real headless Chromium."""
from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import stat
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from scanner.inventory.export import FORMULA_START, SpreadsheetDialect, read_inventory_csv
from scanner.synth.identifiers import personal_code
from tests.conftest import run_leidur

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CODE = personal_code(random.Random(30))
ODD_NAMES = ["=HYPERLINK(1).txt", "+kõne.txt", "@kasutaja.txt", "<b>paks<.b>.txt"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("share")
    people = root / "Personal" / "Töötajad Õie ja Šmuel"
    people.mkdir(parents=True)
    (people / "Žanna Ümarik.txt").write_text(f"Isikukood {CODE}, tel +372 5123 4567\n", encoding="utf-8")
    old = root / "Raamatupidamine" / "2014"
    old.mkdir(parents=True)
    for n in range(3):
        path = old / f"kanne-{n}.txt"
        path.write_text(f"e-post klient{n}@example.ee; isikukood {personal_code(random.Random(n))}\n", encoding="utf-8")
        stamp = datetime(2014, 5, 1, tzinfo=timezone.utc).timestamp()
        os.utime(path, (stamp, stamp))
    for name in ODD_NAMES:
        (root / name).write_text("kontakt: jaan.kask@example.com\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "out"
    os.environ.setdefault("LEIDUR_KEY", "leidur-test-key-not-secret")
    result = run_leidur("scan", root, "--out", out, "--jobs", "1", "-q")
    assert result.returncode == 0, result.stderr
    return out


def test_reports_are_owner_only(reports):
    for name in ("inventory.csv", "inventory.json", "report.html", "errors.csv", "leidur-state.db"):
        assert stat.S_IMODE((reports / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(reports.stat().st_mode) == 0o700


def test_csv_in_a_spreadsheet_dialect(reports):
    raw = (reports / "inventory.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads the letters right"
    text = raw[3:].decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    header = text.split("\r\n", 1)[0]
    assert header.startswith("source;source_type;location;entity_type;count;max_score;sample;")
    assert csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter == ";"
    rows = list(csv.DictReader(io.StringIO(text, newline=""), dialect=SpreadsheetDialect))
    assert {"rule_id", "data_category", "purpose", "legal_basis", "retention", "retention_status",
            "retention_until", "review", "data_use"} <= set(rows[0])
    assert any("Töötajad Õie ja Šmuel/Žanna Ümarik.txt" in r["location"] for r in rows)
    for row in rows:
        for column, value in row.items():
            assert value[:1] not in FORMULA_START, f"{column} would run as a formula: {value!r}"
    phone = next(r for r in rows if r["entity_type"] == "PHONE_NUMBER")
    assert phone["sample"].startswith("00372 5") and "4567" not in phone["sample"]
    assert not any("'" in r["location"] for r in rows), "a path starting with / needs no guard"
    back = {os.path.basename(r["location"]) for r in read_inventory_csv(reports / "inventory.csv")}
    assert set(ODD_NAMES) <= back, "reading the CSV back gives the real names"
    assert CODE not in text


def test_formula_guard(tmp_path):
    """Cells that a spreadsheet would run get a leading apostrophe; reading back removes it."""
    from scanner.inventory.export import write_inventory_csv
    from scanner.models import InventoryRow

    rows = [InventoryRow(source=name, source_type="database", location=name, entity_type="PERSON", count=1, sample="-5")
            for name in ["=HYPERLINK(\"http://x\")", "+372 5", "-2+3", "@SUM(A1)", "|calc", "tavaline"]]
    rows.append(InventoryRow(source="s", source_type="files", location="x", entity_type="PHONE_NUMBER", sample="+372 5*** **67"))
    path = tmp_path / "inventory.csv"
    write_inventory_csv(rows, path, datetime(2026, 1, 1, tzinfo=timezone.utc))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle, dialect=SpreadsheetDialect))
    assert [r["location"] for r in written[:6]] == [
        "'=HYPERLINK(\"http://x\")", "'+372 5", "'-2+3", "'@SUM(A1)", "'|calc", "tavaline"]
    assert written[0]["sample"] == "-5"  # a plain number is not a formula
    assert written[6]["sample"] == "00372 5*** **67"  # the same number, no apostrophe
    assert [r["location"] for r in read_inventory_csv(path)][:6] == [r.location for r in rows[:6]]


def test_csv_resaved_by_a_spreadsheet_still_imports(reports, tmp_path):
    """Excel on an Estonian Windows saves plain CSV in the Baltic code page, LibreOffice often with commas."""
    rows = read_inventory_csv(reports / "inventory.csv")
    resaved = tmp_path / "resaved.csv"
    with open(resaved, "w", encoding="cp1257", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=",")
        writer.writeheader()
        writer.writerows(rows)
    again = read_inventory_csv(resaved)
    assert [r["location"] for r in again] == [r["location"] for r in rows]


def test_inventory_json(reports):
    data = json.loads((reports / "inventory.json").read_text(encoding="utf-8"))
    rows = data["rows"]
    assert data["summary"]["locations"] == len(rows) and data["summary"]["retention_status"]["overdue"] >= 3
    assert all(isinstance(r["count"], int) and "fingerprints" not in r for r in rows)
    overdue = [r for r in rows if r["retention_status"] == "overdue"]
    assert all(r["rule_id"] == "accounting-records" and r["retention_until"] == "2021-12-31" for r in overdue)
    assert any("Žanna Ümarik" in r["location"] for r in rows)


def _dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/test.sh installs it)")
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", "--dump-dom", page.as_uri() + fragment],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_report_html_sorts_and_filters_in_chromium(reports, tmp_path):
    page = reports / "report.html"
    source = page.read_text(encoding="utf-8")
    assert "http://" not in source.replace("http://www.w3.org/2000/svg", "") and "https://" not in source
    assert "<link" not in source and "src=" not in source, "one self-contained page"
    dom = _dom(page, tmp_path, "#selftest")
    assert 'data-result="pass"' in dom, dom[dom.find('id="selftest"') - 20:][:600]
    import re

    verdict = re.search(r'<pre id="selftest"[^>]*>([^<]*)</pre>', dom).group(1)
    assert verdict.startswith("SELFTEST PASS: 12 rows, 6 overdue"), verdict
    assert dom.index('id="overdue"') < dom.index('id="inventory"'), "the overdue list comes first"
    assert dom.count("<svg") == 4
    assert "&lt;b&gt;paks&lt;.b&gt;.txt" in dom and "<b>paks" not in dom
    assert CODE not in dom


def test_report_html_selftest_catches_a_broken_page(reports, tmp_path):
    """The self-test is honest: a page whose rows are out of step with its header fails it."""
    broken = tmp_path / "broken.html"
    broken.write_text((reports / "report.html").read_text(encoding="utf-8").replace('data-rows="', 'data-rows="9'),
                      encoding="utf-8")
    dom = _dom(broken, tmp_path, "#selftest")
    assert 'data-result="fail"' in dom and "table renders every row" in dom
