"""The `leidur scan` contract: outputs and their columns, permissions, exit codes, targets, config, offline."""
from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from scanner.inventory.export import ERROR_COLUMNS, INVENTORY_COLUMNS
from scanner.targets import TargetError, parse_target
from tests.conftest import can_unshare, leidur_env, read_csv, run_leidur, run_unprivileged

CODE = "38001085718"
REQUIRED_COLUMNS = (
    "source, source_type, location, entity_type, count, max_score, sample, data_category, purpose, "
    "legal_basis, retention, retention_status, rule_id, item_modified, scanned_at"
).split(", ")


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    (root / "Kliendid").mkdir(parents=True)
    (root / "Kliendid" / "leping.txt").write_text(f"Isikukood {CODE}, e-post mari.tamm@mail.ee\n", encoding="utf-8")
    (root / ".peidetud").mkdir()
    (root / ".peidetud" / "vana.txt").write_text("tel +372 5123 4567\n", encoding="utf-8")
    (root / "logid").mkdir()
    (root / "logid" / "app.log").write_text("login from 84.50.12.7\n", encoding="utf-8")
    return root


def test_scan_writes_inventory_and_errors_with_the_contract_columns(share, tmp_path):
    out = tmp_path / "out"
    result = run_leidur("scan", share, "--out", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    rows = read_csv(out / "inventory.csv")
    assert set(REQUIRED_COLUMNS) <= set(rows[0]) and list(rows[0])[: len(INVENTORY_COLUMNS)] == INVENTORY_COLUMNS
    assert read_csv(out / "errors.csv") == []
    assert (out / "errors.csv").read_text("utf-8-sig").splitlines() == [";".join(ERROR_COLUMNS)]
    by_type = {(Path(r["location"]).name, r["entity_type"]): r for r in rows}
    assert set(by_type) == {
        ("leping.txt", "EE_PERSONAL_CODE"), ("leping.txt", "EMAIL_ADDRESS"),
        ("vana.txt", "PHONE_NUMBER"), ("app.log", "IP_ADDRESS"),
    }
    code_row = by_type[("leping.txt", "EE_PERSONAL_CODE")]
    assert code_row["sample"] == "3800108****" and code_row["count"] == "1"
    assert code_row["rule_id"] == "UNMAPPED" or code_row["rule_id"]
    assert code_row["location"] == str(share / "Kliendid" / "leping.txt")
    assert code_row["source_type"] == "files" and code_row["item_modified"] and code_row["scanned_at"]
    assert ERROR_COLUMNS == ["location", "stage", "error"]


def test_reports_are_owner_only_and_hold_no_raw_values(share, tmp_path):
    out = tmp_path / "out"
    result = run_leidur("scan", share, "--out", out, "--jobs", "1")
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for name in ("inventory.csv", "errors.csv"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600
        text = (out / name).read_text("utf-8-sig")
        for raw in (CODE, "mari.tamm@mail.ee", "5123 4567", "84.50.12.7"):
            assert raw not in text
    for raw in (CODE, "mari.tamm@mail.ee", "84.50.12.7"):
        assert raw not in result.stderr + result.stdout


def test_summary_and_progress_go_to_stderr_and_quiet_silences_them(share, tmp_path):
    loud = run_leidur("scan", share, "--out", tmp_path / "a", "--jobs", "1")
    assert "Scanned 3 items" in loud.stderr and "EE_PERSONAL_CODE 1" in loud.stderr and loud.stdout == ""
    quiet = run_leidur("scan", share, "--out", tmp_path / "b", "--jobs", "1", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_parallel_scan_gives_the_same_inventory(share, tmp_path):
    one = run_leidur("scan", share, "--out", tmp_path / "one", "--jobs", "1", "-q")
    two = run_leidur("scan", share, "--out", tmp_path / "two", "--jobs", "2", "-q")
    assert one.returncode == two.returncode == 0
    strip = lambda rows: [{k: v for k, v in r.items() if k != "scanned_at"} for r in rows]  # noqa: E731
    assert strip(read_csv(tmp_path / "one" / "inventory.csv")) == strip(read_csv(tmp_path / "two" / "inventory.csv"))


def test_include_exclude_globs(share, tmp_path):
    out = tmp_path / "out"
    run_leidur("scan", share, "--out", out, "--jobs", "1", "--include", "*.txt", "--exclude", "**/.peidetud/**")
    names = {Path(r["location"]).name for r in read_csv(out / "inventory.csv")}
    assert names == {"leping.txt"}


def test_symlinks_out_of_the_target_are_not_followed(share, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"isikukood {CODE}\n")
    os.symlink(outside, share / "link-out")
    os.symlink(share / "Kliendid" / "leping.txt", share / "link-in.txt")
    out = tmp_path / "out"
    result = run_leidur("scan", share, "--out", out, "--jobs", "1", "-q")
    locations = {r["location"] for r in read_csv(out / "inventory.csv")}
    assert not any("secret" in loc or "link-out" in loc for loc in locations)
    errors = read_csv(out / "errors.csv")
    assert [e["stage"] for e in errors if e["location"].endswith("link-out")] == ["list"]
    assert str(share / "link-in.txt") in locations  # a link inside the target is read
    assert result.returncode == 1


def test_unreadable_file_is_an_error_row_and_exit_code_1(tmp_path):
    # A world-traversable folder so an unprivileged user can run the scan.
    root = Path(tempfile.mkdtemp(prefix="leidur-perm-", dir="/tmp"))
    try:
        os.chmod(root, 0o755)
        share = root / "share"
        share.mkdir()
        (share / "open.txt").write_text(f"isikukood {CODE}\n")
        (share / "closed.txt").write_text(f"isikukood {CODE}\n")
        os.chmod(share / "closed.txt", 0o000)
        out = root / "out"
        out.mkdir()
        os.chmod(out, 0o777)
        env = leidur_env(XDG_CONFIG_HOME=str(out))
        result = run_unprivileged([sys.executable, "-m", "scanner", "scan", str(share), "--out", str(out / "r"), "--jobs", "1", "-q"], env)
        assert result.returncode == 1, result.stderr
        errors = read_csv(out / "r" / "errors.csv")
        assert [(Path(e["location"]).name, e["stage"]) for e in errors] == [("closed.txt", "open")]
        assert "Permission denied" in errors[0]["error"] or "PermissionError" in errors[0]["error"]
        assert [Path(r["location"]).name for r in read_csv(out / "r" / "inventory.csv")] == ["open.txt"]
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_usage_errors_exit_2(tmp_path):
    assert run_leidur("scan").returncode == 2
    assert run_leidur("scan", "--no-such-option", tmp_path).returncode == 2
    unknown = run_leidur("scan", "ftp://files.example.ee/share", "--out", tmp_path / "o")
    assert unknown.returncode == 2 and "unknown scheme" in unknown.stderr
    missing = run_leidur("scan", "postgresql://scanner:${LEIDUR_NOT_SET_PW}@db/crm", "--out", tmp_path / "o")
    assert missing.returncode == 2 and "LEIDUR_NOT_SET_PW" in missing.stderr
    malformed = run_leidur("scan", "postgresql://scanner:s3cret-pw@db:notaport/crm", "--out", tmp_path / "o")
    assert malformed.returncode == 2 and "postgresql://scanner@db:notaport/crm" in malformed.stderr
    assert "s3cret-pw" not in malformed.stderr


def test_output_folder_that_cannot_be_made_exits_3(share, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_leidur("scan", share, "--out", blocker / "out", "--jobs", "1")
    assert result.returncode == 3 and "leidur:" in result.stderr


def test_missing_target_is_recorded_not_fatal(tmp_path):
    out = tmp_path / "out"
    result = run_leidur("scan", tmp_path / "nowhere", "--out", out, "--jobs", "1", "-q")
    assert result.returncode == 1
    assert [e["stage"] for e in read_csv(out / "errors.csv")] == ["list"]


def test_config_file_with_environment_secrets(share, tmp_path):
    config = tmp_path / "scan.yaml"
    config.write_text("sources:\n  - target: ${LEIDUR_TEST_SHARE}\n    include: ['*.log']\njobs: 1\n")
    out = tmp_path / "out"
    result = run_leidur("scan", "--config", config, "--out", out, "-q", env=leidur_env(LEIDUR_TEST_SHARE=str(share)))
    assert result.returncode == 0, result.stderr
    assert {r["entity_type"] for r in read_csv(out / "inventory.csv")} == {"IP_ADDRESS"}
    broken = tmp_path / "broken.yaml"
    broken.write_text("sourcez: []\n")
    assert run_leidur("scan", "--config", broken).returncode == 2


def test_targets_are_parsed_and_passwords_never_displayed():
    env = {"PW": "s3cr3t-pass"}
    target = parse_target("postgresql://scanner:${PW}@db.internal/crm", env)
    assert target.kind == "database" and "s3cr3t-pass" in target.spec
    assert "s3cr3t-pass" not in target.display and "s3cr3t-pass" not in repr(target)
    assert parse_target("mysql+pymysql://ro:pw@hr-db/hr").display == "mysql+pymysql://ro@hr-db/hr"
    assert parse_target("sqlite:///var/app/app.db").kind == "database"
    assert parse_target("mbox:/var/mail/archive.mbox").spec == "/var/mail/archive.mbox"
    assert parse_target("maildir:/home/mari/Maildir").kind == "maildir"
    assert parse_target("imaps://dpo-scan@mail.example.ee/INBOX").kind == "imap"
    assert parse_target("smb://DOMAIN;scanner:pw@fileserver/Raamatupidamine").display == "smb://DOMAIN;scanner@fileserver/Raamatupidamine"
    assert parse_target("/srv/share").kind == "files"
    with pytest.raises(TargetError):
        parse_target("gopher://x/y")


@pytest.mark.skipif(not can_unshare(), reason="unshare -rn (util-linux) cannot make a network namespace here")
def test_scan_works_with_the_network_cut(share, tmp_path):
    out = tmp_path / "out"
    result = run_leidur("scan", share, "--out", out, "--jobs", "2", "-q", offline=True)
    assert result.returncode == 0, result.stderr
    assert len(read_csv(out / "inventory.csv")) == 4


def test_detection_opens_no_socket(no_network):
    from scanner.detect.detector import Detector
    from scanner.models import Chunk
    from scanner.recognizers import load_all

    detector = Detector(load_all(), b"k")
    found = detector.detect(Chunk("e-post mari@firma.co.uk ja jaan@mail.ee, IP 84.50.12.7", "t"))
    assert sorted(f.entity_type for f in found) == ["EMAIL_ADDRESS", "EMAIL_ADDRESS", "IP_ADDRESS"]
