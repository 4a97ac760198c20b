"""What holds across sources: a YAML recogniser works in files, databases and mail alike, and
an incremental scan of an IMAP folder reads only the messages that arrived since the last scan."""
from __future__ import annotations

import mailbox
import sqlite3
from email.message import EmailMessage

import pytest

from scanner.state import StateStore
from tests.conftest import leidur_env, read_csv, run_leidur
from tests.services.dovecot import append, dovecot  # noqa: F401  (fixture)
from tests.test_recognizer_plugins import EMPLOYEE_YAML



def _message(message_id: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "personal@example.ee"
    message["To"] = "raamatupidamine@example.ee"
    message["Subject"] = "Töötaja andmed"
    message["Message-ID"] = f"<{message_id}>"
    message["Date"] = "Mon, 03 Mar 2025 10:00:00 +0200"
    message.set_content(body)
    return message


def test_a_yaml_recogniser_finds_its_identifiers_in_files_databases_and_mail(dovecot, tmp_path):  # noqa: F811
    rules = tmp_path / "company-rules"
    (rules / "recognizers").mkdir(parents=True)
    (rules / "recognizers" / "employee_id.yaml").write_text(EMPLOYEE_YAML, encoding="utf-8")

    share = tmp_path / "share"
    share.mkdir()
    (share / "puhkused.txt").write_text("Töötaja TT-004217 puhkus algab 3. märtsil.\n", encoding="utf-8")
    database = tmp_path / "hr.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE tootajad (id INTEGER PRIMARY KEY, tootaja_nr TEXT, osakond TEXT)")
        connection.executemany("INSERT INTO tootajad (tootaja_nr, osakond) VALUES (?, ?)",
                               [("TT-000101", "ladu"), ("TT-000102", "müük"), ("TT-000103", "IT")])
    archive = mailbox.mbox(str(tmp_path / "personal.mbox"))
    archive.add(_message("puhkus.1@example.ee", "Töötaja TT-004217 ja TT-000102 vahetavad vahetusi."))
    archive.flush()
    append(dovecot, "Personal", [_message("leping.2@example.ee", "Uus töötaja: TT-000555.").as_bytes()])

    out = tmp_path / "out"
    result = run_leidur("scan", share, f"sqlite:///{database}", f"mbox:{tmp_path / 'personal.mbox'}",
                        dovecot.url("Personal"), "--rules", rules, "--out", out, "--jobs", "2", "-q",
                        env=leidur_env(LEIDUR_IMAP_PASSWORD=dovecot.password))
    assert result.returncode == 0, result.stderr
    found = {(r["source_type"], r["location"].rsplit("/", 1)[-1], r["count"])
             for r in read_csv(out / "inventory.csv") if r["entity_type"] == "EMPLOYEE_ID"}
    assert found == {
        ("files", "puhkused.txt", "1"),
        ("database", "hr.tootajad.tootaja_nr", "3"),
        ("mbox", "puhkus.1@example.ee", "2"),
        ("imap", "leping.2@example.ee", "1"),
    }


def test_an_incremental_imap_scan_reads_only_new_messages(dovecot, tmp_path):  # noqa: F811
    folder = "Incremental"
    append(dovecot, folder, [_message(f"vana.{n}@example.ee", "Klient: isikukood 38001085718.").as_bytes()
                             for n in range(2)])
    state = f"sqlite:///{tmp_path / 'state.db'}"
    env = leidur_env(LEIDUR_IMAP_PASSWORD=dovecot.password)

    def scan(out: str):
        result = run_leidur("scan", dovecot.url(folder), "--out", tmp_path / out, "--state", state,
                            "--incremental", "--jobs", "1", "-q", env=env)
        assert result.returncode == 0, result.stderr
        store = StateStore(state)
        try:
            latest = store.latest_scan()
            return latest.items_read, latest.items_carried, read_csv(tmp_path / out / "inventory.csv")
        finally:
            store.close()

    assert scan("first")[:2] == (2, 0)
    read, carried, rows = scan("second")
    assert (read, carried) == (0, 2)  # nothing new: no message is fetched again
    assert len([r for r in rows if r["entity_type"] == "EE_PERSONAL_CODE"]) == 2  # findings carried forward
    append(dovecot, folder, [_message("uus.1@example.ee", "Uus klient, isikukood 49403136526.").as_bytes()])
    read, carried, rows = scan("third")
    assert (read, carried) == (1, 2)
    assert {r["location"].rsplit("/", 1)[-1] for r in rows if r["entity_type"] == "EE_PERSONAL_CODE"} == {
        "vana.0@example.ee", "vana.1@example.ee", "uus.1@example.ee"}


@pytest.fixture(autouse=True)
def _clean_folders(dovecot):  # noqa: F811
    """Other mail tests list every folder: leave none of ours behind."""
    yield
    from scanner.sources.imap import quote

    connection = dovecot.connect()
    try:
        for folder in ("Personal", "Incremental"):
            connection.delete(quote(folder))
    finally:
        connection.logout()
