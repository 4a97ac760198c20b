"""A small generated CRM/HR database (Estonian and English tables) for sample_data/crm.sqlite and the tests.

`build(engine, seed)` fills any SQLAlchemy database (SQLite, PostgreSQL,
MariaDB) with the same tables; `EXPECTED` says which column holds which kind
of personal data, so a test can check that every one is found and nothing
else is. Everything is generated (Faker et_EE, scanner.synth.identifiers).
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import (
    JSON, BigInteger, Column, Date, DateTime, Integer, LargeBinary, MetaData, Numeric, String, Table, Text,
    create_engine, text,
)
from sqlalchemy.engine import Engine

from scanner.synth import identifiers as ids

metadata = MetaData()

kliendid = Table(
    "kliendid", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("isikukood", String(11)), Column("eesnimi", String(60)), Column("perenimi", String(60)),
    Column("e_post", String(120)), Column("telefon", String(30)), Column("mobiil", String(30)),
    Column("aadress", String(200)), Column("sünniaeg", Date), Column("pangakonto", String(30)),
    Column("lisainfo", JSON), Column("loodud", DateTime),
)
tootajad = Table(
    "tootajad", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("nimi", String(120)), Column("isikukood", BigInteger), Column("ametikoht", String(80)),
    Column("palgakonto", String(30)), Column("telefon", String(30)), Column("foto", LargeBinary),
)
tellimused = Table(
    "tellimused", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("klient_id", Integer), Column("viitenumber", String(11)), Column("summa", Numeric(10, 2)),
    Column("staatus", String(20)), Column("tellitud", DateTime),
)
tooted = Table(
    "tooted", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("nimi", String(80)), Column("kirjeldus", Text), Column("hind", Numeric(10, 2)), Column("kood", String(20)),
)
logid = Table(
    "logid", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("aeg", DateTime), Column("tase", String(10)), Column("sonum", Text),
)
markmed = Table(
    "markmed", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("klient_id", Integer), Column("tekst", Text),
)
customers = Table(
    "customers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("first_name", String(60)), Column("last_name", String(60)), Column("email", String(120)),
    Column("phone_number", String(30)), Column("national_id", String(20)), Column("street_address", String(200)),
    Column("date_of_birth", Date), Column("segment", String(20)),
)
employees = Table(
    "employees", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("full_name", String(120)), Column("ssn", String(20)), Column("bank_account", String(30)),
    Column("job_title", String(80)), Column("salary", Numeric(10, 2)),
)
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("customer_id", Integer), Column("reference_number", String(11)), Column("amount", Numeric(10, 2)),
    Column("status", String(20)),
)
products = Table(
    "products", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("title", String(80)), Column("description", Text), Column("price", Numeric(10, 2)), Column("sku", String(20)),
)
access_log = Table(
    "access_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("created_at", DateTime), Column("level", String(10)), Column("message", Text),
)
support_tickets = Table(
    "support_tickets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("subject", String(120)), Column("body", Text),
)

VIEW_SQL = "CREATE VIEW aktiivsed_kliendid AS SELECT id, eesnimi, e_post FROM kliendid"

# table.column -> entity types Leidur must report (by content, or by the column's name alone).
EXPECTED: dict[str, set[str]] = {
    "kliendid.isikukood": {"EE_PERSONAL_CODE"}, "kliendid.eesnimi": {"PERSON"}, "kliendid.perenimi": {"PERSON"},
    "kliendid.e_post": {"EMAIL_ADDRESS"}, "kliendid.telefon": {"PHONE_NUMBER"}, "kliendid.mobiil": {"PHONE_NUMBER"},
    "kliendid.aadress": {"LOCATION"}, "kliendid.sünniaeg": {"DATE_OF_BIRTH"}, "kliendid.pangakonto": {"IBAN_CODE"},
    "kliendid.lisainfo": {"PHONE_NUMBER"},
    "tootajad.nimi": {"PERSON"}, "tootajad.isikukood": {"EE_PERSONAL_CODE"}, "tootajad.palgakonto": {"IBAN_CODE"},
    "tootajad.telefon": {"PHONE_NUMBER"},
    "logid.sonum": {"IP_ADDRESS"},
    "markmed.tekst": {"EE_PERSONAL_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER"},
    "customers.first_name": {"PERSON"}, "customers.last_name": {"PERSON"}, "customers.email": {"EMAIL_ADDRESS"},
    "customers.phone_number": {"PHONE_NUMBER"}, "customers.national_id": {"EE_PERSONAL_CODE"},
    "customers.street_address": {"LOCATION"}, "customers.date_of_birth": {"DATE_OF_BIRTH"},
    "employees.full_name": {"PERSON"}, "employees.ssn": {"EE_PERSONAL_CODE"}, "employees.bank_account": {"IBAN_CODE"},
    "access_log.message": {"IP_ADDRESS"},
    "support_tickets.body": {"EMAIL_ADDRESS", "PHONE_NUMBER"},
}
# Columns found by their name alone: no recogniser reads a bare date or an empty column (full names
# and street addresses are read in the cells themselves). A first or last name alone in a cell is
# read only when the name model is sure of it, so NAME_PARTS columns may show content evidence too.
NAME_PARTS = {"kliendid.eesnimi", "kliendid.perenimi", "customers.first_name", "customers.last_name"}
SCHEMA_ONLY = {
    "kliendid.eesnimi", "kliendid.perenimi", "kliendid.mobiil", "kliendid.sünniaeg",
    "customers.first_name", "customers.last_name", "customers.date_of_birth",
}
NOTE_EVERY = {"PHONE_NUMBER": 4, "EMAIL_ADDRESS": 5, "EE_PERSONAL_CODE": 7}  # markmed: every n-th note

_STREETS = ["Pärna", "Kase", "Tamme", "Vabaduse", "Narva", "Tartu", "Pikk", "Lai", "Mere", "Männi", "Jõe"]
_STREET_TYPES = ["tn", "mnt", "pst", "tee"]
_TOWNS = [("Tallinn", "10115"), ("Tartu", "50090"), ("Pärnu", "80010"), ("Narva", "20308"), ("Viljandi", "71020")]
_DOMAINS = ["example.ee", "mail.ee", "hot.ee", "example.com"]
_ASCII = str.maketrans("õäöüšžÕÄÖÜŠŽ", "oaouszOAOUSZ")
_PRODUCTS = ["Kohvimasin", "Laualamp", "Kontoritool", "Veekeetja", "Mälupulk", "Kõrvaklapid", "Printer"]
_WORDS = ["kiire", "vastupidav", "kerge", "ökonoomne", "vaikne", "praktiline", "kvaliteetne", "garantiiga"]


def _address(rng: random.Random) -> str:
    town, post = rng.choice(_TOWNS)
    return f"{rng.choice(_STREETS)} {rng.choice(_STREET_TYPES)} {rng.randrange(1, 80)}-{rng.randrange(1, 40)}, {town} {post}"


def _email(first: str, last: str, rng: random.Random) -> str:
    return f"{first}.{last}".lower().translate(_ASCII).replace(" ", "") + f"@{rng.choice(_DOMAINS)}"


def _person(fake, rng: random.Random) -> dict:
    born = date(1945, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60))
    return {"first": fake.first_name(), "last": fake.last_name(), "born": born, "code": ids.personal_code(rng, born)}


def _note(i: int, person: dict, rng: random.Random) -> str:
    parts = [f"Klient soovis {rng.choice(_PRODUCTS).lower()} tarnet järgmisel nädalal."]
    if i % NOTE_EVERY["PHONE_NUMBER"] == 0:
        parts.append(f"Palus tagasi helistada telefonil {ids.estonian_mobile(rng, '+372 ')}.")
    if i % NOTE_EVERY["EMAIL_ADDRESS"] == 0:
        parts.append(f"Arve saata aadressile {_email(person['first'], person['last'], rng)}.")
    if i % NOTE_EVERY["EE_PERSONAL_CODE"] == 0:
        parts.append(f"Isikukood lepingul {person['code']}.")
    return " ".join(parts)


def _log_line(i: int, rng: random.Random) -> str:
    if i % 3 == 0:
        return f"Teenus käivitus, versioon 10.{rng.randrange(1, 9)}.0.{rng.randrange(1, 9)}, moodul {rng.randrange(100, 999)}"
    return f"GET /api/tooted/{rng.randrange(1, 500)} 200 klient {ids.ipv4(rng)}"


def rows(seed: int = 2026, people: int = 120) -> dict[Table, list[dict]]:
    """The generated rows of every table (deterministic for a seed)."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker("et_EE")
    fake.seed_instance(seed)
    crowd = [_person(fake, rng) for _ in range(people)]
    start = datetime(2024, 1, 1, 9, 0)
    data: dict[Table, list[dict]] = {}
    data[kliendid] = [{
        "id": i + 1, "isikukood": p["code"], "eesnimi": p["first"], "perenimi": p["last"],
        "e_post": _email(p["first"], p["last"], rng), "telefon": ids.estonian_mobile(rng), "mobiil": None,
        "aadress": _address(rng), "sünniaeg": p["born"], "pangakonto": ids.estonian_iban(rng),
        "lisainfo": {"keel": "et", "kontakt": {"telefon": ids.estonian_mobile(rng, "+372 ")}, "uudiskiri": i % 2 == 0},
        "loodud": start + timedelta(hours=i),
    } for i, p in enumerate(crowd)]
    data[tootajad] = [{
        "id": i + 1, "nimi": f"{p['first']} {p['last']}", "isikukood": int(p["code"]), "ametikoht": fake.job(),
        "palgakonto": ids.estonian_iban(rng), "telefon": ids.estonian_mobile(rng, "+372 "), "foto": b"\x89PNG\r\n\x1a\n",
    } for i, p in enumerate(crowd[: people // 3])]
    data[tellimused] = [{
        "id": i + 1, "klient_id": rng.randrange(1, people + 1), "viitenumber": ids.invoice_number(rng),
        "summa": rng.randrange(100, 100000) / 100, "staatus": rng.choice(["makstud", "ootel", "tühistatud"]),
        "tellitud": start + timedelta(hours=3 * i),
    } for i in range(people * 2)]
    data[tooted] = [{
        "id": i + 1, "nimi": f"{rng.choice(_PRODUCTS)} {rng.randrange(100, 999)}",
        "kirjeldus": " ".join(rng.sample(_WORDS, 4)).capitalize() + ".",
        "hind": rng.randrange(500, 50000) / 100, "kood": f"TK-{rng.randrange(10000, 99999)}",
    } for i in range(60)]
    data[logid] = [{"id": i + 1, "aeg": start + timedelta(minutes=i), "tase": rng.choice(["INFO", "WARN"]),
                    "sonum": _log_line(i, rng)} for i in range(people)]
    data[markmed] = [{"id": i + 1, "klient_id": i % people + 1, "tekst": _note(i + 1, crowd[i % people], rng)}
                     for i in range(people)]
    english = [_person(fake, rng) for _ in range(people // 2)]
    data[customers] = [{
        "id": i + 1, "first_name": p["first"], "last_name": p["last"], "email": _email(p["first"], p["last"], rng),
        "phone_number": ids.estonian_mobile(rng, "+372 "), "national_id": p["code"], "street_address": _address(rng),
        "date_of_birth": p["born"], "segment": rng.choice(["retail", "wholesale"]),
    } for i, p in enumerate(english)]
    data[employees] = [{
        "id": i + 1, "full_name": f"{p['first']} {p['last']}", "ssn": p["code"], "bank_account": ids.estonian_iban(rng),
        "job_title": fake.job(), "salary": rng.randrange(150000, 600000) / 100,
    } for i, p in enumerate(english[:20])]
    data[orders] = [{"id": i + 1, "customer_id": rng.randrange(1, len(english) + 1),
                     "reference_number": ids.invoice_number(rng), "amount": rng.randrange(100, 90000) / 100,
                     "status": rng.choice(["paid", "pending"])} for i in range(people)]
    data[products] = [{"id": i + 1, "title": f"Desk lamp model {rng.randrange(100, 999)}",
                       "description": "Sturdy, quiet and energy efficient.", "price": rng.randrange(500, 9000) / 100,
                       "sku": f"SKU-{rng.randrange(10000, 99999)}"} for i in range(40)]
    data[access_log] = [{"id": i + 1, "created_at": start + timedelta(seconds=30 * i), "level": "INFO",
                         "message": f"login ok user_id={rng.randrange(1, 999)} from {ids.ipv4(rng)}"}
                        for i in range(people // 2)]
    data[support_tickets] = [{
        "id": i + 1, "subject": "Delivery question",
        "body": (f"Please call me back at {ids.estonian_mobile(rng, '+372 ')} or write to "
                 f"{_email(p['first'], p['last'], rng)}." if i % 3 == 0 else "Where is my parcel? Thanks."),
    } for i, p in enumerate(english)]
    return data


def build(engine: Engine, seed: int = 2026, people: int = 120) -> None:
    """Create and fill the tables (and one view) in an empty database."""
    metadata.create_all(engine)
    with engine.begin() as connection:
        for table, records in rows(seed, people).items():
            connection.execute(table.insert(), records)
        connection.execute(text(VIEW_SQL))


def generate(root: Path, seed: int) -> None:
    path = Path(root) / "crm.sqlite"
    path.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    try:
        build(engine, seed)
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM")
    finally:
        engine.dispose()
