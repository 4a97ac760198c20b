"""Live subject look-ups on SQLite and MariaDB: written forms, keys that are identifiers, tables without a key."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from scanner.api import ScanRequest, scan_and_report
from scanner.state import default_state_url
from scanner.subject import Subject, SubjectRequest, search_subject
from scanner.synth.people import make_people
from scanner.targets import parse_target
from tests.conftest import TEST_KEY
from tests.services.mariadb import mariadb_server  # noqa: F401  (session fixture)

KEY = TEST_KEY.encode()
PERSON, *OTHERS = make_people(12, seed=77)
DIGITS = "53117264"


def fill(engine) -> None:
    p = PERSON
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE isikud (isikukood VARCHAR(20) PRIMARY KEY, eesnimi VARCHAR(40), "
                                "perenimi VARCHAR(40), telefon VARCHAR(30))"))
        connection.execute(text("CREATE TABLE logi (teade VARCHAR(200))"))  # no primary key
        connection.execute(text("CREATE TABLE maksed (id INT PRIMARY KEY, iban VARCHAR(40))"))
        people = [(p.personal_code, p.first_name, p.last_name, f"00372 {DIGITS[:4]} {DIGITS[4:]}")] + [
            (o.personal_code, o.first_name, o.last_name, o.phone) for o in OTHERS]
        connection.execute(text("INSERT INTO isikud VALUES (:a, :b, :c, :d)"),
                           [dict(zip("abcd", row)) for row in people])
        notes = [f"Kasutaja {OTHERS[0].email} logis sisse", f"Kasutaja {p.email.upper()} logis sisse",
                 f"Kasutaja x{p.email} logis sisse", f"Kasutaja {OTHERS[1].email} logis välja"]
        connection.execute(text("INSERT INTO logi VALUES (:t)"), [{"t": n} for n in notes])
        ibans = [(i, o.iban) for i, o in enumerate(OTHERS, start=1)] + [(40, p.iban.lower())]
        connection.execute(text("INSERT INTO maksed VALUES (:i, :b)"), [{"i": i, "b": b} for i, b in ibans])


def search(url: str, out: Path, **extra):
    outcome = scan_and_report(ScanRequest(targets=[parse_target(url)], out_dir=out, jobs=1, quiet=True))
    assert outcome.result.errors == []
    person = Subject.from_options(personal_code=PERSON.personal_code, email=PERSON.email, phone=f"+372{DIGITS}",
                                  iban=PERSON.iban, **extra)
    return search_subject(SubjectRequest(person, default_state_url(out), [parse_target(url)]), key=KEY)


def found(result) -> set[tuple]:
    return {(p.row.location.rsplit(".", 2)[-2] + "." + p.row.location.rsplit(".", 1)[-1], p.identifier.entity_type,
             p.primary_key, p.match, p.name_match) for p in result.places}


def expected(no_key: str) -> set[tuple]:
    masked = PERSON.personal_code[:7] + "****"
    return {
        ("isikud.isikukood", "EE_PERSONAL_CODE", f"isikukood={masked}", "exact", "yes"),
        ("isikud.telefon", "PHONE_NUMBER", f"isikukood={masked}", "exact", "yes"),
        ("logi.teade", "EMAIL_ADDRESS", no_key, "contains", ""),
        ("maksed.iban", "IBAN_CODE", "id=40", "exact", ""),
    }


def test_sqlite_rows_found_in_their_written_forms(tmp_path):
    database = tmp_path / "app.db"
    engine = create_engine(f"sqlite:///{database}")
    fill(engine)
    engine.dispose()
    result = search(f"sqlite:///{database}", tmp_path / "out", name=PERSON.name)
    assert found(result) == expected("rowid=2")
    assert result.errors == [] and result.databases_not_searched == []


def test_mariadb_rows_found_in_their_written_forms(tmp_path, mariadb_server):  # noqa: F811
    mariadb_server.create_database("dsar")
    engine = create_engine(mariadb_server.url("dsar"))
    fill(engine)
    engine.dispose()
    result = search(mariadb_server.url("dsar"), tmp_path / "out", name=PERSON.name)
    assert found(result) == expected("(no primary key)")


@pytest.mark.parametrize("typed", ["+372 5311 7264", "0037253117264", "5311-7264", "(+372) 53117264"])
def test_every_written_form_of_a_phone_finds_the_row(tmp_path, typed):
    database = tmp_path / "app.db"
    engine = create_engine(f"sqlite:///{database}")
    fill(engine)
    engine.dispose()
    scan_and_report(ScanRequest(targets=[parse_target(f"sqlite:///{database}")], out_dir=tmp_path / "out", jobs=1,
                                quiet=True))
    person = Subject.from_options(phone=typed)
    result = search_subject(SubjectRequest(person, default_state_url(tmp_path / "out"),
                                           [parse_target(f"sqlite:///{database}")]), key=KEY)
    assert [(p.row.location.split(".")[-2:], p.match) for p in result.places] == [(["isikud", "telefon"], "exact")]


def test_values_are_parameters_and_like_wildcards_are_literal(tmp_path):
    database = tmp_path / "quotes.db"
    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kontaktid (id INT PRIMARY KEY, e_post VARCHAR(60), markus VARCHAR(200))"))
        connection.execute(text("INSERT INTO kontaktid VALUES (:i, :e, :m)"), [
            {"i": 1, "e": "o'brien%_@mail.ee", "m": "kirjutas"},
            {"i": 2, "e": "o'brienab@mail.ee", "m": "vt ka o'brienab@mail.ee ja mari@mail.ee"},
            {"i": 3, "e": "mari@mail.ee", "m": "kirjutas"}])
    engine.dispose()
    url = f"sqlite:///{database}"
    scan_and_report(ScanRequest(targets=[parse_target(url)], out_dir=tmp_path / "out", jobs=1, quiet=True))
    person = Subject.from_options(email="O'Brien%_@mail.ee")
    # A checker that accepts every candidate cell: only the SQL decides here, so an unescaped `%_` would show.
    accept_all = lambda text, column: {person.identifiers[0].fingerprint(KEY)}  # noqa: E731
    result = search_subject(SubjectRequest(person, default_state_url(tmp_path / "out"), [parse_target(url)]), key=KEY,
                            cell_check=accept_all)
    assert [(p.row.location.split(".")[-1], p.primary_key, p.match) for p in result.places] == [("e_post", "id=1", "exact")]
    engine = create_engine(url)
    with engine.connect() as connection:  # still there, unchanged
        assert connection.execute(text("SELECT count(*) FROM kontaktid")).scalar() == 3


def test_more_matching_rows_than_listed_is_said(tmp_path, monkeypatch):
    from scanner.subject import database as live

    monkeypatch.setattr(live, "MAX_ROWS", 2)
    database = tmp_path / "many.db"
    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE sundmused (id INT PRIMARY KEY, e_post VARCHAR(60))"))
        connection.execute(text("INSERT INTO sundmused VALUES (:i, :e)"), [{"i": i, "e": PERSON.email} for i in range(5)])
    engine.dispose()
    url = f"sqlite:///{database}"
    scan_and_report(ScanRequest(targets=[parse_target(url)], out_dir=tmp_path / "out", jobs=1, quiet=True))
    result = search_subject(SubjectRequest(Subject.from_options(email=PERSON.email), default_state_url(tmp_path / "out"),
                                           [parse_target(url)]), key=KEY)
    assert [p.primary_key for p in result.places] == ["id=0", "id=1"]
    assert [e.error for e in result.errors] == ["more than 2 rows hold the subject's values: the first 2 are listed"]
