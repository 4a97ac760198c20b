"""SMB targets that go wrong: bad URLs, missing passwords, refused, dropped and frozen connections."""
from __future__ import annotations

import os
import signal
import time

import pytest

from scanner.sources.smb import SmbSource, parse_smb_url
from scanner.targets import TargetError, parse_target
from tests.services.samba import SCAN_PASSWORD, build_tree, make_workdir, set_permissions, start_samba


@pytest.fixture
def private_samba():
    """A Samba server of its own, which a test may stop or freeze."""
    workdir, root = make_workdir()
    build_tree(root, people_per_file=1)
    set_permissions(root)
    server = start_samba(root, workdir)
    yield server
    server.stop()


def _source(url: str, **settings) -> SmbSource:
    target = parse_target(url)
    target.options = {"password_env": "LEIDUR_TEST_SMB", **settings}
    return SmbSource.from_target(target, None)


def test_url_forms_and_password_sources(tmp_path):
    env = {"LEIDUR_SMB_PASSWORD": "from-env"}
    address = parse_smb_url("smb://FIRMA;skanner@fileserver/Raamatupidamine/2024/Q1", environ=env)
    assert (address.connection.username, address.connection.server, address.connection.port) == (
        "FIRMA\\skanner", "fileserver", 445)
    assert (address.share, address.path, address.connection.password) == ("Raamatupidamine", "2024/Q1", "from-env")
    assert address.root_location == "smb://fileserver/Raamatupidamine/2024/Q1"
    secret = tmp_path / "smb-password"
    secret.write_text("from-file\n")
    from_file = parse_smb_url("smb://u@h:4450/s", {"password_file": str(secret)}, environ=env)
    assert from_file.connection.password == "from-file" and from_file.root_location == "smb://h:4450/s"
    assert parse_smb_url("smb://u:in%40url@h/s", environ=env).connection.password == "in@url"
    assert "from-env" not in repr(address.connection)


@pytest.mark.parametrize("url, settings, message", [
    ("smb://u@h/s", {}, "no SMB password"),
    ("smb://u@h", {"password_env": "X"}, "names no share"),
    ("smb://u@h/s", {"password_env": "UNSET_VARIABLE_FOR_TEST"}, "UNSET_VARIABLE_FOR_TEST"),
    ("smb://u@h/s", {"password_env": "X", "auth": "basic"}, "auth must be"),
])
def test_unusable_targets_are_usage_errors(url, settings, message):
    with pytest.raises(TargetError, match=message):
        parse_smb_url(url, settings, environ={"X": "x"})


def test_kerberos_needs_no_password():
    address = parse_smb_url("smb://skanner@fileserver.firma.ee/Dok", {"auth": "kerberos"}, environ={})
    assert address.connection.password is None and address.connection.auth_protocol == "kerberos"


def test_refused_connection_is_a_connect_error(monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", "x")
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    errors: list = []
    assert list(_source(f"smb://u@127.0.0.1:{port}/s").items(errors.append)) == []
    assert [(e.location, e.stage) for e in errors] == [(f"smb://127.0.0.1:{port}/s", "connect")]


def test_missing_share_and_folder_are_list_errors(private_samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", SCAN_PASSWORD)
    for path in ("Avalik/puudub", "Puudub"):
        errors: list = []
        assert list(_source(private_samba.url(path)).items(errors.append)) == []
        assert [(e.location, e.stage) for e in errors] == [(private_samba.location(path), "list")]
    errors = []
    list(_source(private_samba.url().replace("/Dokumendid", "/PoleOlemas")).items(errors.append))
    assert [(e.location, e.stage) for e in errors] == [(f"smb://127.0.0.1:{private_samba.port}/PoleOlemas", "list")]
    assert "No such file" in errors[0].error and SCAN_PASSWORD not in errors[0].error


def test_server_gone_after_listing_is_an_open_error_for_each_file(private_samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", SCAN_PASSWORD)
    items = list(_source(private_samba.url("Personal")).items(lambda e: None))
    assert len(items) == 3
    private_samba.stop()
    for item in items:
        with pytest.raises(OSError):
            item.open()


def test_server_gone_midway_through_the_walk_ends_it_with_one_error(private_samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", SCAN_PASSWORD)
    second = private_samba.root / ".varukoopia/teine.txt"  # listed with the first file, made into an item later
    second.write_text("teine\n")
    os.chmod(second, 0o644)
    errors: list = []
    walk = _source(private_samba.url()).items(errors.append)
    first = next(walk)
    private_samba.stop()
    started = time.monotonic()
    rest = list(walk)
    assert time.monotonic() - started < 15
    assert [(i.location.rsplit("/", 1)[1], i.owner) for i in rest] == [("teine.txt", None)]
    assert [e.stage for e in errors][-1] == "connect" and "more folders not listed" in errors[-1].error
    assert first.location.startswith(f"smb://127.0.0.1:{private_samba.port}/Dokumendid/")


def test_frozen_server_is_noticed_within_two_timeouts(private_samba, monkeypatch):
    monkeypatch.setenv("LEIDUR_TEST_SMB", SCAN_PASSWORD)
    item = next(_source(private_samba.url("Avalik"), timeout=1).items(lambda e: None))
    frozen = private_samba.smbd_processes()
    assert len(frozen) >= 2  # the main smbd and the one serving this client
    for pid in frozen:
        os.kill(pid, signal.SIGSTOP)
    started = time.monotonic()
    try:
        with pytest.raises(OSError, match="did not respond"):
            item.open().read()
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
    assert time.monotonic() - started < 10


def test_settings_from_url_query_parameters():
    address = parse_smb_url("smb://u@h/Dok/kaust?auth=ntlm&encrypt=yes&timeout=5", environ={"LEIDUR_SMB_PASSWORD": "p"})
    assert (address.share, address.path) == ("Dok", "kaust")
    connection = address.connection
    assert (connection.auth_protocol, connection.encrypt, connection.timeout) == ("ntlm", True, 5)
    target = parse_target("smb://u@h/Dok?owners=no")
    target.options = {"password_env": "X"}
    with pytest.raises(TargetError, match=r"^smb://u@h/Dok\?owners=no: environment variable X"):
        SmbSource.from_target(target, None)


def test_server_translates_known_sids_and_leaves_unknown_ones(private_samba, monkeypatch):
    from scanner.sources.smb_names import AccountNames

    monkeypatch.setenv("LEIDUR_TEST_SMB", SCAN_PASSWORD)
    source = _source(private_samba.url("Avalik"))
    names = AccountNames("127.0.0.1", source.address.connection.kwargs())
    try:
        assert names.name("S-1-5-32-544") == "BUILTIN\\Administrators"
        assert names.name("S-1-22-1-0") == "Unix User\\root"
        assert names.name("S-1-5-21-1-2-3-4") is None  # no such account: the owner column keeps the SID
        assert not names.broken
    finally:
        names.close()
