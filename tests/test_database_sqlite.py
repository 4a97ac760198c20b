"""SQLite: the sample CRM database as a database target and as a file found on a share; read-only both ways."""
from __future__ import annotations

import hashlib
import shutil

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from scanner.engine import ScanOptions, run_scan
from scanner.sources.database import DatabaseLink, DatabaseSettings, worker_engine
from scanner.sources.files import FileSource
from scanner.synth.sample_database import NOTE_EVERY
from tests.conftest import SAMPLE_DATA, TEST_KEY, read_csv, run_leidur
from tests.database_checks import assert_sample_database_found, comparable, found_by_column, scan

SAMPLE_DB = SAMPLE_DATA / "crm.sqlite"


@pytest.fixture
def crm_copy(tmp_path):
    path = tmp_path / "crm.sqlite"
    shutil.copy(SAMPLE_DB, path)
    return path


def test_every_personal_column_found_and_nothing_else(crm_copy):
    result = scan(f"sqlite:///{crm_copy}")
    assert not result.errors
    assert_sample_database_found(result, "crm.")


def test_share_of_matching_values_in_free_text_notes(crm_copy):
    found = found_by_column(scan(f"sqlite:///{crm_copy}"), "crm.")
    notes = found["markmed.tekst"]
    for entity, every in NOTE_EVERY.items():
        row = notes[entity]
        assert row.extra["values_read"] == 120
        assert row.extra["values_matched"] == 120 // every
        assert row.extra["match_share"] == f"{(120 // every) / 120:.3f}"


def test_views_are_scanned_only_when_asked(crm_copy):
    without = found_by_column(scan(f"sqlite:///{crm_copy}"), "crm.")
    assert not any(c.startswith("aktiivsed_kliendid.") for c in without)
    with_views = found_by_column(scan(f"sqlite:///{crm_copy}?leidur_views=1"), "crm.")
    assert set(with_views["aktiivsed_kliendid.e_post"]) == {"EMAIL_ADDRESS"}
    assert with_views["aktiivsed_kliendid.eesnimi"]["PERSON"].evidence in ("schema", "content")


def test_two_scans_agree_and_the_file_is_not_changed(crm_copy):
    before = hashlib.sha256(crm_copy.read_bytes()).hexdigest()
    mtime = crm_copy.stat().st_mtime_ns
    first = scan(f"sqlite:///{crm_copy}?leidur_sample=50")
    second = scan(f"sqlite:///{crm_copy}?leidur_sample=50")
    assert comparable(first) == comparable(second)
    assert hashlib.sha256(crm_copy.read_bytes()).hexdigest() == before
    assert crm_copy.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in crm_copy.parent.iterdir()) == ["crm.sqlite"]  # no journal, no -wal


def test_sample_size_bounds_the_rows_read(crm_copy):
    found = found_by_column(scan(f"sqlite:///{crm_copy}?leidur_sample=30"), "crm.")
    assert found["kliendid.isikukood"]["EE_PERSONAL_CODE"].extra["values_read"] == 30
    full = found_by_column(scan(f"sqlite:///{crm_copy}?leidur_sample=30", full=True), "crm.")
    assert full["kliendid.isikukood"]["EE_PERSONAL_CODE"].extra["values_read"] == 120


def test_the_session_refuses_to_write(crm_copy):
    engine = worker_engine(DatabaseLink(f"sqlite:///{crm_copy}"), DatabaseSettings())
    with engine.connect() as connection:
        with pytest.raises(OperationalError, match="readonly|read-only"):
            connection.execute(text("DELETE FROM kliendid"))
    assert crm_copy.exists()


def test_missing_file_is_an_error_and_is_not_created(tmp_path):
    missing = tmp_path / "puudub.db"
    result = scan(f"sqlite:///{missing}")
    assert [e.stage for e in result.errors] == ["connect"]
    assert not missing.exists()


def test_sqlite_file_on_a_share_is_read_per_column(crm_copy, tmp_path):
    (tmp_path / "app.db").write_bytes(crm_copy.read_bytes())
    crm_copy.unlink()
    options = ScanOptions(jobs=1, quiet=True)
    result = run_scan([FileSource(str(tmp_path), str(tmp_path))], options, TEST_KEY.encode())
    assert not result.errors
    assert_sample_database_found(result, f"{tmp_path / 'app.db'}!")


def test_cli_scan_of_sample_data_covers_the_database(tmp_path):
    out = tmp_path / "out"
    result = run_leidur("scan", SAMPLE_DATA, "--out", out, "--jobs", "1", "--quiet", "--include", "*.sqlite")
    assert result.returncode in (0, 1), result.stderr
    rows = read_csv(out / "inventory.csv")
    locations = {(r["location"].rsplit("!", 1)[-1], r["entity_type"]) for r in rows if "crm.sqlite!" in r["location"]}
    assert ("kliendid.isikukood", "EE_PERSONAL_CODE") in locations
    assert ("customers.email", "EMAIL_ADDRESS") in locations
    schema_rows = [r for r in rows if r["location"].endswith("!kliendid.sünniaeg")]
    assert schema_rows and schema_rows[0]["evidence"] == "schema" and schema_rows[0]["count"] == "0"
    assert {"values_read", "values_matched", "match_share"} <= set(rows[0])


def test_a_nested_sqlite_stream_is_spooled_within_the_limits(crm_copy):
    import io

    from scanner.extractors import ExtractContext, Limits, extract

    errors = []
    ctx = ExtractContext(report_error=errors.append)
    chunks = list(extract(io.BytesIO(crm_copy.read_bytes()), "share/backup.zip!data/crm.db", ctx.nested()))
    locations = {c.location for c in chunks}
    assert "share/backup.zip!data/crm.db!kliendid.isikukood" in locations and not errors
    small = ExtractContext(report_error=errors.append, limits=Limits(max_member_bytes=64 * 1024))
    assert list(extract(io.BytesIO(crm_copy.read_bytes()), "big.db", small)) == []
    assert [(e.location, e.stage) for e in errors] == [("big.db", "extract")] and "larger than" in errors[0].error


def test_config_file_settings_reach_the_source(crm_copy, tmp_path):
    config = tmp_path / "scan.yaml"
    config.write_text(f"sources:\n  - target: sqlite:///{crm_copy}\n    sample: 30\n    views: true\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_leidur("scan", "--config", config, "--out", out, "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    rows = {(r["location"], r["entity_type"]): r for r in read_csv(out / "inventory.csv")}
    assert rows[("crm.kliendid.isikukood", "EE_PERSONAL_CODE")]["values_read"] == "30"
    assert ("crm.aktiivsed_kliendid.e_post", "EMAIL_ADDRESS") in rows
