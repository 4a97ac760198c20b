"""IMAP/IMAPS against a real Dovecot: every planted identifier found where it was planted, nothing changed on the server."""
from __future__ import annotations

import re
import shutil
from collections import defaultdict

import pytest

from scanner.detect.values import fingerprint
from scanner.engine import ScanOptions, run_scan
from scanner.extractors.email import message_date, parse_message
from scanner.sources import imap as imap_module
from scanner.sources.imap import ImapSource, fetch_message, quote
from scanner.sources.mailbox import MaildirSource, MboxSource
from scanner.synth.sample_mail import FOLDERS, build_mailbox, write_mbox_folders
from scanner.targets import parse_target
from tests.conftest import TEST_KEY, everything_written, leidur_env, read_csv, run_leidur
from tests.services.dovecot import append, dovecot, kick  # noqa: F401  (fixture)

KEY = TEST_KEY.encode()


@pytest.fixture(scope="module")
def loaded(dovecot):  # noqa: F811
    """The generated mailbox delivered over IMAP APPEND into INBOX, Sent and Archive/2024."""
    messages = build_mailbox(seed=11)
    for folder in FOLDERS:
        for planted in (m for m in messages if m.folder == folder):
            append(dovecot, folder, [planted.data], planted.flags)
    return messages


def all_flags(server) -> dict:
    """(folder, UID) -> flags, read with EXAMINE so that looking does not change anything."""
    conn = server.connect()
    flags = {}
    try:
        for folder in FOLDERS:
            conn.select(quote(folder), readonly=True)
            _, data = conn.uid("FETCH", "1:*", "(FLAGS)")
            for line in data:
                match = re.search(rb"UID (\d+) FLAGS \(([^)]*)\)", line or b"")
                if match:
                    flags[(folder, int(match.group(1)))] = set(match.group(2).split())
    finally:
        conn.logout()
    return flags


def imap_source(server, folder="*", tls=True, **options) -> ImapSource:
    target = parse_target(server.url(folder, tls=tls))
    target.options = options
    return ImapSource.from_target(target, ScanOptions(), environ={"LEIDUR_IMAP_PASSWORD": server.password})


def scan(*sources):
    return run_scan(list(sources), ScanOptions(jobs=1, quiet=True), KEY)


def findings(result, prefix: str) -> dict:
    """(location without the mailbox prefix, entity type) -> fingerprints."""
    found = defaultdict(set)
    for row in result.rows:
        assert row.location.startswith(prefix), row.location
        found[(row.location[len(prefix):], row.entity_type)] |= row.fingerprints
    return dict(found)


def unexpected_errors(result) -> list:
    # docx/pdf attachments need the document-format readers (another issue); everything else must read.
    return [e for e in result.errors if not (e.stage == "unsupported" and e.location.endswith((".docx", ".pdf")))]


@pytest.fixture(scope="module")
def imap_scan(dovecot, loaded):  # noqa: F811
    before = all_flags(dovecot)
    source = imap_source(dovecot, "*")
    result = scan(source)
    return {"result": result, "source": source, "before": before, "after": all_flags(dovecot),
            "prefix": f"imaps://{dovecot.user}@localhost:{dovecot.imaps_port}/"}


def _missing(found: dict, messages, include_documents: bool) -> list:
    missing = []
    for message in messages:
        for planted in message.planted:
            if planted.needs_formats != include_documents:
                continue
            location = f"{message.folder}/{message.message_id}" + (f"!{planted.attachment}" if planted.attachment else "")
            wanted = fingerprint(KEY, planted.entity_type, planted.value)
            if wanted not in found.get((location, planted.entity_type), set()):
                missing.append((location, planted.entity_type, planted.value))
    return missing


def test_every_planted_identifier_is_found_at_its_message_or_attachment(imap_scan, loaded):
    result = imap_scan["result"]
    found = findings(result, imap_scan["prefix"])
    assert _missing(found, loaded, include_documents=False) == []
    assert unexpected_errors(result) == []
    assert result.items == len(loaded)
    # Header text is chunked so that correspondents' addresses are found at the message itself.
    assert ("INBOX/" + loaded[0].message_id, "EMAIL_ADDRESS") in found


def test_docx_and_pdf_attachments_in_mail_are_read(imap_scan, loaded):
    """Needs the document-format readers (docx, pdf) from the formats issue: enabled after merging."""
    found = findings(imap_scan["result"], imap_scan["prefix"])
    assert _missing(found, loaded, include_documents=True) == []


def test_scanning_changes_no_flags(imap_scan, loaded):
    before, after = imap_scan["before"], imap_scan["after"]
    assert len(before) == len(loaded)
    assert after == before
    unread = [flags for flags in after.values() if b"\\Seen" not in flags]
    assert len(unread) == sum(1 for m in loaded if "Seen" not in m.flags) > 0


def test_item_modified_is_the_message_date_and_versions_are_uids(imap_scan, loaded):
    result, source = imap_scan["result"], imap_scan["source"]
    dates = {m.message_id: message_date(parse_message(m.data)) for m in loaded}
    for row in result.rows:
        if row.location.endswith(".eml"):
            continue  # an attached message carries its own Date
        message = row.location[len(imap_scan["prefix"]):].split("/")[-1].split("!")[0]
        assert row.item_modified == dates[message]
    assert set(source.folder_state) == set(FOLDERS)
    inbox = source.folder_state["INBOX"]
    assert inbox.uidvalidity > 0 and inbox.messages == 3 and inbox.highest_uid >= 3


def test_versions_carry_uidvalidity_and_uid(dovecot, loaded):  # noqa: F811
    errors = []
    source = imap_source(dovecot, "INBOX,Sent")
    items = list(source.items(errors.append))
    assert errors == []
    assert [i.metadata["folder"] for i in items] == ["INBOX"] * 3 + ["Sent"] * 2
    for item in items:
        uidvalidity, uid = item.version.split(":")
        assert int(uidvalidity) == source.folder_state[item.metadata["folder"]].uidvalidity
        assert item.metadata["message_key"] == f"uid-{uid}"


def test_mbox_and_maildir_give_the_same_findings_as_imap(imap_scan, dovecot, tmp_path):  # noqa: F811
    imap_found = findings(imap_scan["result"], imap_scan["prefix"])
    messages = build_mailbox(seed=11)
    write_mbox_folders(messages, tmp_path / "mbox")
    maildir = tmp_path / "Maildir"
    shutil.copytree(dovecot.maildir, maildir)  # the very files Dovecot wrote (Maildir++: .Sent, .Archive.2024)
    mbox_result = scan(MboxSource.from_target(parse_target(f"mbox:{tmp_path / 'mbox'}"), ScanOptions()))
    maildir_result = scan(MaildirSource.from_target(parse_target(f"maildir:{maildir}"), ScanOptions()))
    assert findings(mbox_result, f"mbox:{tmp_path / 'mbox'}/") == imap_found
    assert findings(maildir_result, f"maildir:{maildir}/") == imap_found
    assert unexpected_errors(mbox_result) == unexpected_errors(maildir_result) == []


def test_starttls_and_worker_processes_through_the_cli(dovecot, loaded, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    result = run_leidur("scan", dovecot.url("INBOX", tls=False), "--out", out, "--jobs", "2", "--quiet",
                        env=leidur_env(LEIDUR_IMAP_PASSWORD=dovecot.password))
    assert result.returncode in (0, 1), result.stderr
    rows = read_csv(out / "inventory.csv")
    prefix = f"imap://{dovecot.user}@localhost:{dovecot.imap_port}/INBOX/"
    locations = {r["location"] for r in rows}
    assert prefix + loaded[0].message_id in locations
    assert prefix + loaded[0].message_id + "!tootajad.csv" in locations
    everything = result.stdout + result.stderr + everything_written(out)
    assert dovecot.password not in everything


def test_imap_upgrades_with_starttls_and_verifies_it(dovecot):  # noqa: F811
    import ssl

    source = imap_source(dovecot, "INBOX", tls=False)
    conn = source.account.connect()
    try:
        assert isinstance(conn.sock, ssl.SSLSocket)  # STARTTLS before LOGIN
    finally:
        conn.logout()
    unverified = ImapSource.from_target(parse_target(f"imap://{dovecot.user}@localhost:{dovecot.imap_port}/INBOX"),
                                        ScanOptions(), environ={"LEIDUR_IMAP_PASSWORD": dovecot.password})
    with pytest.raises(ssl.SSLCertVerificationError):
        unverified.account.connect()


def test_tls_is_verified_and_the_password_never_shows(dovecot, loaded):  # noqa: F811
    target = parse_target(f"imaps://{dovecot.user}@localhost:{dovecot.imaps_port}/INBOX")
    source = ImapSource.from_target(target, ScanOptions(), environ={"LEIDUR_IMAP_PASSWORD": dovecot.password})
    errors = []
    assert list(source.items(errors.append)) == []
    assert len(errors) == 1 and errors[0].stage == "connect"
    assert "CERTIFICATE_VERIFY_FAILED" in errors[0].error
    wrong = ImapSource.from_target(parse_target(dovecot.url("INBOX")), ScanOptions(),
                                   environ={"LEIDUR_IMAP_PASSWORD": "not-the-password"})
    errors = []
    assert list(wrong.items(errors.append)) == []
    assert errors[0].stage == "connect" and "not-the-password" not in repr(errors) + repr(wrong.account)


def test_password_from_url_variable_or_file(dovecot, loaded, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MAIL_PW", dovecot.password)
    by_variable = parse_target(f"imaps://{dovecot.user}:${{MAIL_PW}}@localhost:{dovecot.imaps_port}/INBOX?ca={dovecot.ca_file}")
    assert dovecot.password not in by_variable.display
    password_file = tmp_path / "imap-password"
    password_file.write_text(dovecot.password + "\n")
    by_file = parse_target(dovecot.url("Sent"))
    by_file.options = {"password_file": str(password_file), "ca_file": dovecot.ca_file}
    for target, count in ((by_variable, 3), (by_file, 2)):
        errors = []
        items = list(ImapSource.from_target(target, ScanOptions(), environ={}).items(errors.append))
        assert errors == [] and len(items) == count
        assert all(dovecot.password not in i.location and dovecot.password not in repr(i) for i in items)


def test_lost_connection_reconnects_and_resumes(dovecot, loaded, monkeypatch):  # noqa: F811
    monkeypatch.setattr(imap_module, "LIST_BATCH", 1)  # one FETCH per message, so the cut falls mid-folder
    logins = []
    connect = imap_module.ImapAccount.connect
    monkeypatch.setattr(imap_module.ImapAccount, "connect", lambda self: logins.append(1) or connect(self))
    source = imap_source(dovecot, "INBOX")
    errors = []
    items = source.items(errors.append)
    first = next(items)
    kick(dovecot)  # the server drops the listing connection
    rest = list(items)
    assert errors == [] and len(rest) == 2
    assert len(logins) == 2  # logged in again once, and resumed
    data = first.open().read()
    kick(dovecot)  # and the fetching connection cached in this process
    assert first.open().read() == data
    assert len(logins) == 4
    assert b"Message-ID: <" + loaded[0].message_id.encode() + b">" in data


def test_a_message_that_cannot_be_fetched_is_an_error_not_a_crash(dovecot, loaded):  # noqa: F811
    from scanner.detect.detector import DetectorSettings
    from scanner.worker import WorkerSettings, init_worker, process_item

    source = imap_source(dovecot, "INBOX")
    item = next(iter(source.items(lambda e: None)))
    uidvalidity = source.folder_state["INBOX"].uidvalidity
    with pytest.raises(FileNotFoundError):
        fetch_message(source.account, "INBOX", uidvalidity, 999_999)
    item.opener = lambda: fetch_message(source.account, "INBOX", uidvalidity + 1, 1)
    init_worker(WorkerSettings(DetectorSettings(key=KEY)), ignore_sigint=False)
    result = process_item(item)
    assert result.rows == []
    assert [e.stage for e in result.errors] == ["open"]
    assert "UIDVALIDITY" in result.errors[0].error


def test_a_folder_that_does_not_exist_is_reported(dovecot, loaded):  # noqa: F811
    errors = []
    items = list(imap_source(dovecot, "INBOX,Nonexistent").items(errors.append))
    assert len(items) == 3
    assert [(e.stage, e.location.endswith("/Nonexistent")) for e in errors] == [("list", True)]
