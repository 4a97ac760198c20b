"""The state store: incremental rescans (unchanged items are not read), diff, review marks across scans, --fail-on."""
from __future__ import annotations

import functools
import os
import random
import sqlite3
import stat
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest

from scanner.api import ScanRequest, scan_and_report
from scanner.inventory.export import read_inventory_csv
from scanner.models import Chunk, Item
from scanner.sources import SOURCES
from scanner.state import StateStore, default_state_url
from scanner.synth.identifiers import personal_code
from scanner.targets import Target, parse_target
from tests.conftest import run_leidur

RNG = random.Random(8)
CODES = [personal_code(RNG) for _ in range(6)]


def write(path: Path, text: str, year: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if year:
        stamp = datetime(year, 3, 1, tzinfo=timezone.utc).timestamp()
        os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def share(tmp_path) -> Path:
    root = tmp_path / "share"
    write(root / "Raamatupidamine" / "2015" / "kanne.txt", f"Klient: isikukood {CODES[0]}\n", year=2015)
    write(root / "Kliendid" / "leping.txt", f"Lepingu pool, isikukood {CODES[1]}, e-post mari@example.ee\n")
    write(root / "Muu" / "märkmed.txt", f"isikukood {CODES[2]}\n")
    return root


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """How often each file is opened for reading during in-process scans."""
    import scanner.sources.files as files

    counter: Counter = Counter()
    original = files.open_readonly

    def counting(path):
        counter[os.path.basename(path)] += 1
        return original(path)

    monkeypatch.setattr(files, "open_readonly", counting)
    return counter


def scan(root: Path, out: Path, **options):
    request = ScanRequest(targets=[parse_target(str(root))], out_dir=out, jobs=1, quiet=True, **options)
    return scan_and_report(request)


def keyed(rows) -> dict:
    return {(os.path.basename(r["location"]), r["entity_type"]): r for r in rows}


def test_incremental_scan_reads_only_changed_items(share, tmp_path, reads):
    out = tmp_path / "out"
    first = scan(share, out, incremental=True)
    assert first.exit_code == 0 and set(reads) == {"kanne.txt", "leping.txt", "märkmed.txt"}
    before = keyed(read_inventory_csv(out / "inventory.csv"))

    reads.clear()
    second = scan(share, out, incremental=True)
    assert reads == Counter(), "unchanged items must not be opened again"
    assert len(second.result.carried) == 3 and second.result.items == 0
    after = keyed(read_inventory_csv(out / "inventory.csv"))
    assert after.keys() == before.keys()
    assert after[("kanne.txt", "EE_PERSONAL_CODE")]["retention_status"] == "overdue"  # mapped again, not stale

    write(share / "Kliendid" / "leping.txt", f"isikukood {CODES[1]} ja {CODES[3]}\n")
    reads.clear()
    third = scan(share, out, incremental=True)
    assert reads == Counter({"leping.txt": 1})
    rows = keyed(read_inventory_csv(out / "inventory.csv"))
    assert rows[("leping.txt", "EE_PERSONAL_CODE")]["count"] == "2"
    assert ("leping.txt", "EMAIL_ADDRESS") not in rows  # gone with the edit
    assert third.result.items == 1 and len(third.result.carried) == 2

    reads.clear()
    scan(share, out)  # without --incremental everything is read
    assert set(reads) == {"kanne.txt", "leping.txt", "märkmed.txt"}


def test_items_with_errors_are_read_again(share, tmp_path, reads):
    out = tmp_path / "out"
    broken = share / "Muu" / "katki.txt"
    write(broken, "isikukood " + CODES[4])
    # Root reads files whatever their mode, so the failure is made where the source opens the file.
    import scanner.sources.files as files
    original = files.open_readonly

    def refuse(path):
        if path.endswith("katki.txt"):
            raise PermissionError(13, "Permission denied")
        return original(path)

    files.open_readonly = refuse
    try:
        result = scan(share, out, incremental=True)
    finally:
        files.open_readonly = original
    assert result.exit_code == 1 and any(e.location.endswith("katki.txt") for e in result.result.errors)
    reads.clear()
    scan(share, out, incremental=True)
    assert reads == Counter({"katki.txt": 1})  # the failed item is not carried: it is read again


# A source whose items hold nested locations, like archives do, so that carrying forward
# can be checked for members. Module-level and picklable, as the engine wants.
def _member_chunks(location: str, members: tuple[str, ...], marker: str) -> Iterator[Chunk]:
    Path(marker).write_text(str(int(Path(marker).read_text() or "0") + 1) if Path(marker).exists() else "1")
    for name, text in members:
        yield Chunk(text=text, location=f"{location}!{name}")


class NestedSource:
    source_type = "files"

    def __init__(self, root: str, name: str):
        self.root, self.name = root, name

    @classmethod
    def from_target(cls, target, options):
        return cls(target.spec, target.display)

    def items(self, report_error):
        spec = Path(self.root).read_text(encoding="utf-8").splitlines()
        version, marker = spec[0], spec[1]
        members = (("a/kliendid.txt", f"isikukood {CODES[0]}"), ("b/tugi.txt", "e-post jaan@example.ee"))
        yield Item(location="/srv/arhiiv.zip", source=self.name, source_type="files", version=version,
                   modified=datetime(2024, 1, 1, tzinfo=timezone.utc),
                   chunker=functools.partial(_member_chunks, "/srv/arhiiv.zip", members, marker))


def test_nested_rows_are_carried_forward(tmp_path, monkeypatch):
    monkeypatch.setitem(SOURCES, "nested", "tests.test_state:NestedSource")
    spec, marker = tmp_path / "spec", tmp_path / "reads"
    target = Target(kind="nested", spec=str(spec), display="nested")
    request = dict(targets=[target], out_dir=tmp_path / "out", jobs=1, quiet=True, incremental=True)
    spec.write_text(f"v1\n{marker}\n")
    scan_and_report(ScanRequest(**request))
    first = read_inventory_csv(tmp_path / "out" / "inventory.csv")
    scan_and_report(ScanRequest(**request))
    assert marker.read_text() == "1", "the unchanged archive was read again"
    second = read_inventory_csv(tmp_path / "out" / "inventory.csv")
    assert sorted(r["location"] for r in second) == sorted(r["location"] for r in first) == [
        "/srv/arhiiv.zip!a/kliendid.txt", "/srv/arhiiv.zip!b/tugi.txt"]
    spec.write_text(f"v2\n{marker}\n")
    scan_and_report(ScanRequest(**request))
    assert marker.read_text() == "2"


def test_state_holds_hashes_and_masked_samples_only(share, tmp_path):
    out = tmp_path / "out"
    scan(share, out)
    db = out / "leidur-state.db"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    dump = "\n".join(sqlite3.connect(db).iterdump())
    for code in CODES[:3]:
        assert code not in dump
    assert "mari@example.ee" not in dump
    store = StateStore(default_state_url(out))
    try:
        from scanner.detect.values import fingerprint
        from tests.conftest import TEST_KEY

        hits = store.find_fingerprint(fingerprint(TEST_KEY.encode(), "EE_PERSONAL_CODE", CODES[1]))
        assert [(os.path.basename(loc), entity) for _, loc, entity in hits] == [("leping.txt", "EE_PERSONAL_CODE")]
    finally:
        store.close()


def test_diff_and_fail_on(share, tmp_path):
    out = tmp_path / "out"
    first = run_leidur("scan", share, "--out", out, "--jobs", "1", "-q", "--fail-on", "new")
    assert first.returncode == 4  # a first scan: everything is new
    again = run_leidur("scan", share, "--out", out, "--jobs", "1", "-q", "--incremental", "--fail-on", "new",
                       "--fail-on", "overdue")
    assert again.returncode == 0, again.stderr
    quiet = run_leidur("diff", "--out", out, "--exit-code")
    assert quiet.returncode == 0 and "new 0, gone 0, changed 0" in quiet.stdout

    write(share / "Uus" / "uus.txt", f"isikukood {CODES[5]}\n")
    (share / "Muu" / "märkmed.txt").unlink()
    write(share / "Kliendid" / "leping.txt", f"isikukood {CODES[1]}, {CODES[3]}, e-post mari@example.ee\n")
    write(share / "Raamatupidamine" / "vana.txt", f"isikukood {CODES[4]}\n", year=2012)
    alert = run_leidur("scan", share, "--out", out, "--jobs", "1", "--incremental", "--fail-on", "overdue")
    assert alert.returncode == 4 and "newly past their retention" in alert.stderr
    result = run_leidur("diff", "--out", out, "--exit-code")
    assert result.returncode == 4
    text = result.stdout
    assert "new 2, gone 1, changed 1, newly overdue 1" in text
    assert "uus.txt" in text and "märkmed.txt" in text and "vana.txt" in text
    for code in CODES:
        assert code not in text
    as_json = run_leidur("diff", "--out", out, "--format", "json")
    import json

    data = json.loads(as_json.stdout)
    assert {os.path.basename(r["location"]) for r in data["new"]} == {"uus.txt", "vana.txt"}
    assert [os.path.basename(r["location"]) for r in data["gone"]] == ["märkmed.txt"]


def _set_review(csv_path: Path, marks: dict[str, str]) -> None:
    """Edit the review column as a DPO would, keeping the file's own dialect."""
    import csv

    from scanner.inventory.export import SpreadsheetDialect

    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, dialect=SpreadsheetDialect))
    for row in rows:
        row["review"] = marks.get(os.path.basename(row["location"]), "")
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), dialect=SpreadsheetDialect)
        writer.writeheader()
        writer.writerows(rows)


def test_review_marks_carry_across_scans(share, tmp_path):
    out = tmp_path / "out"
    assert run_leidur("scan", share, "--out", out, "--jobs", "1", "-q").returncode == 0
    edited = tmp_path / "reviewed.csv"
    edited.write_bytes((out / "inventory.csv").read_bytes())
    _set_review(edited, {"märkmed.txt": "false_positive", "leping.txt": "confirmed", "kanne.txt": "nonsense"})
    imported = run_leidur("review", "import", edited, "--out", out)
    assert imported.returncode == 1 and "review 'nonsense' is not one of" in imported.stderr
    assert "3 review marks recorded" in imported.stdout  # leping.txt has two rows

    rescan = run_leidur("scan", share, "--out", out, "--jobs", "1", "--incremental")
    rows = keyed(read_inventory_csv(out / "inventory.csv"))
    assert rows[("märkmed.txt", "EE_PERSONAL_CODE")]["review"] == "false_positive"
    assert rows[("leping.txt", "EMAIL_ADDRESS")]["review"] == "confirmed"
    assert rows[("kanne.txt", "EE_PERSONAL_CODE")]["review"] == ""
    assert "EE_PERSONAL_CODE 2" in rescan.stderr  # the false positive stopped counting
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "märkmed.txt" not in html

    # New values where a false positive was marked: the mark lapses and they count again.
    write(share / "Muu" / "märkmed.txt", f"isikukood {CODES[2]} ja {CODES[5]}\n")
    run_leidur("scan", share, "--out", out, "--jobs", "1", "-q", "--incremental")
    rows = keyed(read_inventory_csv(out / "inventory.csv"))
    assert rows[("märkmed.txt", "EE_PERSONAL_CODE")]["review"] == ""
    assert "review again" in rows[("märkmed.txt", "EE_PERSONAL_CODE")]["review_note"]

    # Remediated but still there: the report says so.
    _set_review(edited, {"kanne.txt": "remediated"})
    run_leidur("review", "import", edited, "--out", out)
    run_leidur("scan", share, "--out", out, "--jobs", "1", "-q", "--incremental")
    rows = keyed(read_inventory_csv(out / "inventory.csv"))
    assert rows[("kanne.txt", "EE_PERSONAL_CODE")]["review"] == "remediated"
    assert "still found" in rows[("kanne.txt", "EE_PERSONAL_CODE")]["review_note"]


def test_report_and_ropa_commands_from_state(share, tmp_path):
    out = tmp_path / "out"
    run_leidur("scan", share, "--out", out, "--jobs", "1", "-q")
    (out / "inventory.csv").unlink()
    result = run_leidur("report", "--out", out)
    assert result.returncode == 0 and (out / "inventory.csv").exists() and (out / "report.html").exists()
    ropa = run_leidur("ropa", "--out", out, "--controller", "Näidis OÜ, dpo@example.ee")
    assert ropa.returncode == 0, ropa.stderr
    text = (out / "ropa.md").read_text(encoding="utf-8")
    assert stat.S_IMODE((out / "ropa.md").stat().st_mode) == 0o600
    assert "## 1. Performing the contract with the customer" in text or "Statutory accounting" in text
    assert "Raamatupidamise seadus § 12" in text and "Näidis OÜ" in text
    assert "UNMAPPED" in text and "Muu" in text
    assert "e-invoice operators" in text or "Tax and Customs Board" in text
    missing = run_leidur("diff", "--out", tmp_path / "nowhere")
    assert missing.returncode == 2 and "no state store" in missing.stderr


def test_unreachable_state_store_stops_with_exit_3(share, tmp_path):
    url = "postgresql+psycopg://leidur:${LEIDUR_TEST_PG_PASSWORD}@127.0.0.1:1/leidur"
    env_password = "sekret-not-to-print"
    from tests.conftest import leidur_env

    result = run_leidur("scan", share, "--out", tmp_path / "out", "-q", "--state", url,
                        env=leidur_env(LEIDUR_TEST_PG_PASSWORD=env_password))
    assert result.returncode == 3
    assert "cannot open the state store postgresql+psycopg://leidur@127.0.0.1:1/leidur" in result.stderr
    assert env_password not in result.stderr + result.stdout
    assert not (tmp_path / "out" / "inventory.csv").exists()
