"""Scanning a real Samba share on loopback: findings, locations, errors, read-only, no password leaks."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from scanner.api import ScanRequest, scan_and_report
from scanner.detect.keys import load_key
from scanner.detect.values import fingerprint
from scanner.sources.smb import PASSWORD_VARIABLE, SmbSource, _connection_cache
from scanner.targets import parse_target
from tests.conftest import TEST_KEY, everything_written, leidur_env, read_csv, run_leidur
from tests.services.samba import LINK_LOOP, LOCKED, UNLISTABLE, UNREADABLE, samba  # noqa: F401  (fixture)

NOT_READABLE_OVER_SMB = {UNREADABLE, LOCKED, f"{UNLISTABLE}/sees.txt"}


def _times(root: Path) -> dict[str, tuple[int, int]]:
    stamps = {}
    for folder, _, files in os.walk(root):
        for name in files:
            info = os.stat(os.path.join(folder, name))
            stamps[os.path.relpath(os.path.join(folder, name), root)] = (info.st_atime_ns, info.st_mtime_ns)
    return stamps


def _scan(target, out_dir: Path):
    return scan_and_report(ScanRequest(targets=[target], out_dir=out_dir, jobs=1, quiet=True))


@pytest.fixture(scope="module")
def smb_scan(samba, tmp_path_factory):
    """One in-process scan of the whole share, with the files' times taken before and after."""
    os.environ["LEIDUR_KEY"] = TEST_KEY  # the autouse key fixture is function-scoped
    before = _times(samba.root)
    os.environ[PASSWORD_VARIABLE] = samba.password
    try:
        outcome = _scan(parse_target(samba.url()), tmp_path_factory.mktemp("smb-out"))
    finally:
        del os.environ[PASSWORD_VARIABLE]
    return outcome, before, _times(samba.root)


def _relative(samba, location: str) -> str:
    prefix = samba.location("")
    assert location.startswith(prefix), location
    return location[len(prefix):]


def test_every_planted_identifier_is_found_at_its_location(samba, smb_scan):
    outcome, _, _ = smb_scan
    key = load_key()
    rows = {(_relative(samba, r.location), r.entity_type): r for r in outcome.result.rows}
    readable = {path: values for path, values in samba.planted.items() if path not in NOT_READABLE_OVER_SMB}
    for path, by_entity in readable.items():
        for entity, values in by_entity.items():
            row = rows.get((path, entity))
            assert row is not None, f"{entity} not found in {path}"
            missing = {v for v in values if fingerprint(key, entity, v) not in row.fingerprints}
            assert not missing, f"{len(missing)} planted {entity} values not found in {path}"
    found_in = {path for path, _ in rows}
    assert found_in == {p for p, values in readable.items() if values}  # nothing from unreadable files


def test_rows_carry_server_time_owner_and_no_user(samba, smb_scan):
    outcome, _, _ = smb_scan
    row = next(r for r in outcome.result.rows if r.location.endswith("/Raamatupidamine/2024/arved.csv"))
    local = os.stat(samba.root / "Raamatupidamine/2024/arved.csv")
    assert row.source_type == "smb"
    assert abs(row.item_modified.timestamp() - local.st_mtime) < 0.001
    assert row.owner and row.owner.endswith("\\leidurscan")  # the SID translated by the server: HOST\leidurscan
    assert all(r.location.startswith(f"smb://127.0.0.1:{samba.port}/Dokumendid/") for r in outcome.result.rows)
    assert not any(samba.user in r.location for r in outcome.result.rows)


def test_hidden_files_and_folders_are_scanned(samba, smb_scan):
    outcome, _, _ = smb_scan
    assert any(r.location.endswith("/.varukoopia/.vana_nimekiri.txt") for r in outcome.result.rows)


def test_unreadable_locked_and_unlistable_are_error_rows(samba, smb_scan):
    outcome, _, _ = smb_scan
    errors = {(e["location"], e["stage"]): e["error"] for e in read_csv(outcome.out_dir / "errors.csv")}
    assert "ACCESS_DENIED" in errors[(samba.location(UNREADABLE), "open")].upper()
    assert "SHARING_VIOLATION" in errors[(samba.location(LOCKED), "open")].upper()
    assert (samba.location(UNLISTABLE), "list") in errors
    assert "not walked again" in errors[(samba.location(LINK_LOOP), "list")]
    assert len(errors) == 4
    assert outcome.exit_code == 1  # reports written, but the DPO is told some things were not read


def test_scan_changes_no_file_times(smb_scan):
    _, before, after = smb_scan
    assert before == after


def test_same_inventory_as_scanning_the_folder_locally(samba, smb_scan, tmp_path):
    outcome, _, _ = smb_scan
    local = _scan(parse_target(str(samba.root)), tmp_path)
    local_rows = {
        (os.path.relpath(r.location, samba.root), r.entity_type, r.count) for r in local.result.rows
        if os.path.relpath(r.location, samba.root) not in NOT_READABLE_OVER_SMB
    }
    smb_rows = {(_relative(samba, r.location), r.entity_type, r.count) for r in outcome.result.rows}
    assert smb_rows == local_rows
    assert len(smb_rows) >= 15


def test_cli_with_parallel_workers_never_shows_the_password(samba, tmp_path):
    out = tmp_path / "out"
    result = run_leidur("scan", samba.url("Personal"), "--out", out, "--jobs", "2",
                        env=leidur_env(**{PASSWORD_VARIABLE: samba.password}))
    assert result.returncode == 1, result.stderr  # the link loop below Personal is reported
    assert [e["location"] for e in read_csv(out / "errors.csv")] == [samba.location(LINK_LOOP)]
    rows = read_csv(out / "inventory.csv")
    assert {r["location"] for r in rows} == {samba.location(p) for p in (
        "Personal/töötajad.html", "Personal/Lepingud/leping 01.txt", "Personal/Lepingud/Vanad/leping 02.csv")}
    assert all(r["owner"] for r in rows)
    texts = [result.stdout, result.stderr] + [everything_written(out)]
    assert not any(samba.password in text for text in texts)


def test_password_from_the_url_and_a_wrong_password_stay_out_of_errors(samba, tmp_path):
    env = leidur_env(SMB_PW="wrong-" + samba.password)
    url = f"smb://{samba.user}:${{SMB_PW}}@127.0.0.1:{samba.port}/{samba.share}/Avalik"
    result = run_leidur("scan", url, "--out", tmp_path, "--jobs", "1", env=env)
    assert result.returncode == 1
    errors = read_csv(tmp_path / "errors.csv")
    assert [(e["location"], e["stage"]) for e in errors] == [(samba.location("Avalik"), "connect")]
    for text in (result.stdout, result.stderr, (tmp_path / "errors.csv").read_text(encoding="utf-8-sig")):
        assert samba.password not in text and "${SMB_PW}" not in text


def _listed(samba, url: str, **settings) -> tuple[list[str], list]:
    target = parse_target(url)
    target.options = {"password_env": "LEIDUR_TEST_SMB", **settings}
    errors: list = []
    items = list(SmbSource.from_target(target, None).items(errors.append))
    return [_relative(samba, i.location) for i in items], errors


def test_include_exclude_size_limit_and_sub_paths(samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", samba.password)
    csvs, _ = _listed(samba, samba.url(), include=["*.csv"])
    assert sorted(csvs) == ["Personal/Lepingud/Vanad/leping 02.csv", "Raamatupidamine/2024/arved.csv"]
    no_personal, _ = _listed(samba, samba.url(), exclude=["Personal/*"])
    assert no_personal and not any(p.startswith("Personal/") for p in no_personal)
    small, errors = _listed(samba, samba.url("Avalik"), max_file_size=10)
    assert small == [] and [e.stage for e in errors] == ["list"]
    single, _ = _listed(samba, samba.url("Personal/töötajad.html"))
    assert single == ["Personal/töötajad.html"]


def test_owner_lookups_can_be_turned_off(samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", samba.password)
    for url, expected in ((samba.url("Avalik"), True), (samba.url("Avalik") + "?owners=no", False)):
        target = parse_target(url)
        target.options = {"password_env": "LEIDUR_TEST_SMB"}
        items = list(SmbSource.from_target(target, None).items(lambda e: None))
        assert len(items) == 1 and bool(items[0].owner) is expected


def test_items_pickle_without_showing_the_password(samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", samba.password)
    target = parse_target(samba.url("Avalik"))
    target.options = {"password_env": "LEIDUR_TEST_SMB"}
    item = next(SmbSource.from_target(target, None).items(lambda e: None))
    copy = pickle.loads(pickle.dumps(item))
    with copy.open() as stream:
        assert "kirjeldus" in stream.read().decode("utf-8")
    assert samba.password not in repr(item) and samba.password not in repr(item.opener)
    assert item.version == f"{item.size}:{round(item.modified.timestamp() * 1_000_000)}"


def test_config_file_with_a_password_file_and_filters(samba, tmp_path):
    secret = tmp_path / "smb-password"
    secret.write_text(samba.password + "\n")
    secret.chmod(0o600)
    config = tmp_path / "scan.yaml"
    config.write_text(f"sources:\n  - target: {samba.url('Raamatupidamine')}\n"
                      f"    password_file: {secret}\n    include: ['*.csv', 'avatud_*']\n")
    env = leidur_env()
    env.pop(PASSWORD_VARIABLE, None)
    result = run_leidur("scan", "--config", config, "--out", tmp_path / "out", "--jobs", "1", env=env)
    assert result.returncode == 1, result.stderr
    # the file held open by the other client is locked for this process's client too
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert [(e["location"], e["stage"]) for e in errors] == [(samba.location(LOCKED), "open")]
    rows = read_csv(tmp_path / "out" / "inventory.csv")
    assert {r["location"] for r in rows} == {samba.location("Raamatupidamine/2024/arved.csv")}
    assert {r["entity_type"] for r in rows} == {"EE_PERSONAL_CODE", "EMAIL_ADDRESS", "IBAN_CODE", "PERSON"}


def test_encrypted_session_reads_the_same_bytes(samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", samba.password)
    for query, encrypted in (("", False), ("?encrypt=yes", True)):
        target = parse_target(samba.url("Avalik") + query)
        target.options = {"password_env": "LEIDUR_TEST_SMB"}
        item = next(SmbSource.from_target(target, None).items(lambda e: None))
        with item.open() as stream:
            assert stream.read() == (samba.root / "Avalik/kirjeldus.txt").read_bytes()
        pool = _connection_cache(True if encrypted else None)
        sessions = pool[f"127.0.0.1:{samba.port}"].session_table.values()
        assert [session.encrypt_data for session in sessions] == [encrypted]


def test_a_share_listed_by_parts_lists_what_one_walk_lists(samba, monkeypatch):
    """A cluster lists each top-level folder in a task of its own; together they list what one walk lists."""
    monkeypatch.setenv("LEIDUR_TEST_SMB", samba.password)
    target = parse_target(samba.url())
    target.options = {"password_env": "LEIDUR_TEST_SMB"}
    whole_errors: list = []
    whole = [(i.location, i.version, i.owner) for i in SmbSource.from_target(target, None).items(whole_errors.append)]
    part_errors: list = []
    parts = SmbSource.from_target(target, None).parts(part_errors.append)
    assert parts[0] == "" and "Personal" in parts and len(parts) > 2
    by_parts = []
    for part in parts:  # each as a worker would: a source opened anew
        source = SmbSource.from_target(target, None)
        by_parts += [(i.location, i.version, i.owner) for i in source.part_items(part, part_errors.append)]
    assert by_parts == whole
    assert sorted(part_errors, key=repr) == sorted(whole_errors, key=repr) and whole_errors  # the planted traps
