"""`leidur subject` on a generated estate: a file share, a PostgreSQL database larger than the sample, an IMAP folder.

One person's identifiers are planted in known places in several written forms;
the search must find every place (the database rows the sampled scan never
read included, with their primary keys) and nothing else, and leave no raw
identifier in the state store, the reports or the logs.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scanner.detect.values import fingerprint
from scanner.state import StateStore, default_state_url
from scanner.subject import Subject, SubjectRequest, search_subject
from scanner.targets import parse_target
from tests.conftest import TEST_KEY, leidur_env, read_csv, run_leidur
from tests.services.dovecot import dovecot  # noqa: F401  (session fixture)
from tests.services.postgres import postgres_server  # noqa: F401  (session fixture)
from tests.subject_estate import MAIL_FOLDER, SAMPLE, SUBJECT_ID, fill_database, make_estate

READER, READER_PASSWORD = "dsar_reader", "Dsar-Luger-4kq8Zt"
DB_TABLES = ("kliendid", "lepingud", "tellimused", "kontaktid")


@pytest.fixture(scope="module")
def estate(tmp_path_factory, postgres_server, dovecot):  # noqa: F811
    from scanner.sources.imap import quote
    from tests.services.dovecot import append

    root = tmp_path_factory.mktemp("estate")
    estate = make_estate(root)
    postgres_server.create_database("dsar")
    with postgres_server.connect("dsar") as admin:
        fill_database(admin, estate)
        admin.execute("CREATE TABLE palgad (id int PRIMARY KEY, isikukood text)")
        admin.execute(f"CREATE ROLE {READER} LOGIN PASSWORD '{READER_PASSWORD}'")
        admin.execute(f"GRANT CONNECT ON DATABASE dsar TO {READER}")
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {READER}")
        admin.execute(f"GRANT SELECT ON {', '.join(DB_TABLES)} TO {READER}")  # not palgad: not searchable
    append(dovecot, MAIL_FOLDER, estate.messages)
    database_url = postgres_server.url("dsar", READER, "${LEIDUR_PG_PASSWORD}")
    config = root / "scan.yaml"
    config.write_text(f"out: {root / 'out'}\nsources:\n  - target: {estate.share}\n"
                      f"  - target: {database_url}\n    sample: {SAMPLE}\n"
                      f"  - target: {dovecot.url(MAIL_FOLDER)}\n")
    env = leidur_env(LEIDUR_PG_PASSWORD=READER_PASSWORD, LEIDUR_IMAP_PASSWORD=dovecot.password)
    scan = run_leidur("scan", "--config", config, "--jobs", "1", "-q", env=env)
    assert scan.returncode == 1, scan.stderr  # 1: palgad could not be read
    p = estate.person
    search = run_leidur("subject", "--config", config, "--personal-code", p.personal_code, "--email", p.email,
                        "--phone", p.phone, "--iban", p.iban, "--name", p.name, "--out", root / "dsar", env=env)
    estate.root, estate.config, estate.env, estate.runs = root, config, env, [scan, search]
    estate.database_url = database_url.replace("${LEIDUR_PG_PASSWORD}", READER_PASSWORD)
    yield estate
    conn = dovecot.connect()
    try:
        conn.delete(quote(MAIL_FOLDER))  # other mail tests list every folder
    finally:
        conn.logout()


def places(estate) -> list[dict]:
    return read_csv(estate.root / "dsar" / "subject.csv")


def located(expected, rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["location"].endswith(expected.location_end) and r["entity_type"] == expected.entity_type
            and r["primary_key"] == expected.primary_key]


def test_the_sampled_scan_never_read_the_subjects_rows(estate):
    store = StateStore(default_state_url(estate.root / "out"))
    try:
        scan = store.latest_scan()
        key = TEST_KEY.encode()
        p = estate.person
        seen = {location for entity, value in [("EE_PERSONAL_CODE", p.personal_code), ("EMAIL_ADDRESS", p.email),
                                               ("PHONE_NUMBER", p.phone)]
                for _, location, _ in store.find_fingerprint(fingerprint(key, entity, value), scan.id)}
        rows = {(r.location.split(".", 2)[2], r.entity_type): r for r in store.findings(scan.id)
                if r.source_type == "database"}
    finally:
        store.close()
    # The hash index knows the subject only in the small table the scan read whole ...
    assert {s.split(".", 2)[2] for s in seen if s.startswith("dsar.")} == {"kontaktid.e_post"}
    # ... and the columns themselves, by content or (lepingud.isikukood, always empty in the sample) by name.
    assert rows[("kliendid.telefon", "PHONE_NUMBER")].extra["values_read"] == SAMPLE
    assert rows[("lepingud.isikukood", "EE_PERSONAL_CODE")].evidence == "schema"
    assert rows[("lepingud.markused", "PHONE_NUMBER")].count > 0
    assert ("tellimused.telefon", "PHONE_NUMBER") in rows


def test_every_planted_place_is_found_and_nothing_else(estate):
    rows = places(estate)
    for expected in estate.expected:
        found = located(expected, rows)
        assert len(found) == 1, (expected, [(r["location"], r["primary_key"]) for r in rows])
        assert (found[0]["place"], found[0]["match"], found[0]["name_match"]) == (
            expected.place, expected.match, expected.name_match), expected
    assert len(rows) == len(estate.expected), [(r["location"], r["entity_type"], r["primary_key"]) for r in rows]
    assert estate.runs[1].returncode == 1  # palgad could not be searched, and says so
    errors = read_csv(estate.root / "dsar" / "errors.csv")
    assert [(e["location"], e["stage"]) for e in errors] == [("dsar.public.palgad", "subject")]
    assert "permission denied" in errors[0]["error"]


def test_places_carry_the_rule_and_masked_values_only(estate):
    rows = places(estate)
    by_type = {r["entity_type"]: r["value"] for r in rows}
    p = estate.person
    assert by_type["EE_PERSONAL_CODE"] == p.personal_code[:7] + "****"
    assert by_type["EMAIL_ADDRESS"] == f"{p.email[0]}***@{p.email.split('@')[1]}"
    for row in rows:
        assert row["rule_id"], row
        assert row["retention_status"] in ("ok", "overdue", "unknown", "n/a")
    # The rulebook maps the customer table like the inventory does.
    customer = located(next(e for e in estate.expected if e.location_end == "kliendid.isikukood"), rows)[0]
    inventory = {(r["location"], r["entity_type"]): r for r in read_csv(estate.root / "out" / "inventory.csv")}
    assert customer["rule_id"] == inventory[(customer["location"], "EE_PERSONAL_CODE")]["rule_id"]


def test_outputs_are_owner_only(estate):
    folder = estate.root / "dsar"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for name in ("subject.csv", "subject.html", "errors.csv"):
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600, name
    html = (folder / "subject.html").read_text(encoding="utf-8")
    assert f"id={SUBJECT_ID}" in html and "<script src" not in html and "http" not in html.split("<body>")[1][:200]


def test_no_raw_identifier_in_the_store_the_outputs_or_the_logs(estate):
    blobs = {}
    for folder in (estate.root / "out", estate.root / "dsar"):
        for path in folder.iterdir():  # leidur-state.db and its -wal / -shm as raw bytes
            blobs[str(path)] = path.read_bytes()
    for number, run in enumerate(estate.runs):
        blobs[f"run {number} output"] = (run.stdout + run.stderr).encode()
    assert any(name.endswith("leidur-state.db") for name in blobs)
    for form in estate.raw_forms():
        for name, blob in blobs.items():
            for encoded in {form.encode("utf-8"), form.lower().encode("utf-8")}:
                assert encoded not in blob, (name, "holds a raw identifier")
    assert READER_PASSWORD.encode() not in b"".join(blobs.values())


def request_for(estate, targets=None, **options) -> SubjectRequest:
    p = estate.person
    person = Subject.from_options(personal_code=p.personal_code, email=p.email, phone=p.phone, iban=p.iban,
                                  name=options.pop("name", p.name))
    return SubjectRequest(person, default_state_url(estate.root / "out"),
                          [parse_target(estate.database_url)] if targets is None else targets, **options)


def test_name_must_match_leaves_out_a_shared_address_under_another_name(estate):
    result = search_subject(request_for(estate, name_must_match=True), key=TEST_KEY.encode())
    keys = {(p.row.location.rsplit(".", 2)[-2], p.primary_key) for p in result.places if p.kind == "table row"}
    assert ("kontaktid", "id=1") not in keys
    assert ("kliendid", f"id={SUBJECT_ID}") in keys


def test_without_database_credentials_only_the_scanned_sample_is_listed(estate):
    result = search_subject(request_for(estate, targets=[]), key=TEST_KEY.encode())
    database = [(p.kind, p.row.location.split(".", 2)[2]) for p in result.places if p.row.source_type == "database"]
    assert database == [("table column", "kontaktid.e_post")]
    assert result.databases_not_searched == [estate.database_url.replace(f":{READER_PASSWORD}", "")]
    others = [p for p in result.places if p.row.source_type != "database"]
    assert len(others) == len([e for e in estate.expected if e.place not in ("table row",)])


def test_an_unreachable_database_keeps_its_scanned_findings_and_says_so(estate):
    wrong = estate.database_url.replace(READER_PASSWORD, "Wrong-Password-1")
    result = search_subject(request_for(estate, targets=[parse_target(wrong)]), key=TEST_KEY.encode())
    assert [(e.stage, "password authentication failed" in e.error) for e in result.errors] == [("connect", True)]
    assert "Wrong-Password-1" not in result.errors[0].error
    database = [(p.kind, p.row.location.split(".", 2)[2]) for p in result.places if p.row.source_type == "database"]
    assert database == [("table column", "kontaktid.e_post")]
    assert result.databases_searched == [] and len(result.databases_not_searched) == 1
