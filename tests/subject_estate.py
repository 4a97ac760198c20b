"""A generated estate for subject-access tests: one person's identifiers planted, in several written forms, in a
file share, a PostgreSQL database larger than the scan's sample, and an IMAP folder; other people all around."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from scanner.synth import identifiers as ids
from scanner.synth.people import Person, make_people

TABLE_ROWS = 5000  # the scan samples SAMPLE rows: the subject's rows are (checked to be) outside the sample
SAMPLE = 100
MAIL_FOLDER = "Subject"


@dataclass
class Expected:
    """One place the search must report: (place, location suffix, entity type, primary key, match)."""

    place: str
    location_end: str
    entity_type: str
    primary_key: str = ""
    match: str = "hash"
    name_match: str = ""


@dataclass
class Estate:
    person: Person
    others: list[Person]
    share: Path
    expected: list[Expected] = field(default_factory=list)
    messages: list[bytes] = field(default_factory=list)

    @property
    def digits(self) -> str:  # the mobile number's 8 digits
        return "".join(c for c in self.person.phone if c.isdigit())[-8:]

    def raw_forms(self) -> list[str]:
        """Every raw written form of the person's identifiers that must never show in a store or an output."""
        p = self.person
        return [p.personal_code, p.email, p.email.upper(), self.digits, f"+372{self.digits}", f"372{self.digits}",
                f"{self.digits[:4]} {self.digits[4:]}", p.iban.replace(" ", ""), spaced(p.iban), p.name]


def spaced(iban: str) -> str:
    compact = iban.replace(" ", "")
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def make_estate(root: Path, seed: int = 909) -> Estate:
    people = make_people(30, seed)
    person, others = people[0], people[1:]
    person.phone = "+372 " + ids.estonian_mobile(random.Random(seed), style="spaced")
    estate = Estate(person, others, root / "share")
    _files(estate)
    _mail(estate)
    return estate


def _files(estate: Estate) -> None:
    p, share = estate.person, estate.share
    (share / "kliendid").mkdir(parents=True)
    (share / "posti").mkdir()
    # The phone as people write it: +372 and spaces.
    (share / "kliendid" / "k1042.txt").write_text(
        f"Klient: {p.name}\nIsikukood: {p.personal_code}\nTelefon: +372 {estate.digits[:4]} {estate.digits[4:]}\n",
        encoding="utf-8")
    lines = ["Nimi;Isikukood;E-post;Telefon"] + [
        f"{o.name};{o.personal_code};{o.email};{o.phone}" for o in estate.others]
    (share / "kliendid" / "teised.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A name alone is not searched: this file must not be reported.
    (share / "kliendid" / "markus.txt").write_text(f"{p.name} helistas eile, palus tagasi helistada.\n",
                                                   encoding="utf-8")
    letter = EmailMessage()
    letter["From"] = formataddr((estate.others[0].name, estate.others[0].email))
    letter["To"] = "arved@example.ee"
    letter["Subject"] = "Leping"
    letter["Message-ID"] = "<leping.909@example.ee>"
    letter.set_content(f"Palk kantakse arveldusarvele {spaced(p.iban)}.\n")
    letter.add_attachment(f"Nimi;Isikukood\n{p.name};{p.personal_code}\n{estate.others[1].name};"
                          f"{estate.others[1].personal_code}\n".encode(), maintype="text", subtype="csv",
                          filename="osalised.csv")
    (share / "posti" / "leping.eml").write_bytes(letter.as_bytes())
    # name_match "yes" where the scan saw the subject's full name (PERSON) at the same place.
    estate.expected += [
        Expected("file", "share/kliendid/k1042.txt", "EE_PERSONAL_CODE", name_match="yes"),
        Expected("file", "share/kliendid/k1042.txt", "PHONE_NUMBER", name_match="yes"),
        Expected("file", "share/posti/leping.eml", "IBAN_CODE", name_match="yes"),  # named in its attachment
        Expected("archive member", "share/posti/leping.eml!osalised.csv", "EE_PERSONAL_CODE", name_match="yes"),
    ]


def _mail(estate: Estate) -> None:
    p, a, b = estate.person, estate.others[2], estate.others[3]
    first = EmailMessage()  # the subject writes: the e-mail address upper-case in the header
    first["From"] = formataddr((p.name, p.email.upper()))
    first["To"] = formataddr((a.name, a.email))
    first["Subject"] = "Küsimus arve kohta"
    first["Message-ID"] = "<kysimus.909@example.ee>"
    first.set_content(f"Tere!\nKas saaksite mulle helistada? Minu kolleegi number on {b.phone}.\n")
    second = EmailMessage()  # about the subject, with the isikukood in an attachment
    second["From"] = formataddr((a.name, a.email))
    second["To"] = formataddr((b.name, b.email))
    second["Subject"] = "Andmed"
    second["Message-ID"] = "<andmed.909@example.ee>"
    second.set_content("Andmed manuses.\n")
    second.add_attachment(f"isikukood {p.personal_code}\n".encode(), maintype="text", subtype="plain",
                          filename="andmed.txt")
    third = EmailMessage()  # other people only
    third["From"] = formataddr((b.name, b.email))
    third["To"] = formataddr((a.name, a.email))
    third["Subject"] = "Koosolek"
    third["Message-ID"] = "<koosolek.909@example.ee>"
    third.set_content(f"Isikukood {b.personal_code}, telefon {a.phone}.\n")
    fourth = EmailMessage()  # the phone as 8 digits with a dash
    fourth["From"] = formataddr((a.name, a.email))
    fourth["To"] = formataddr((b.name, b.email))
    fourth["Subject"] = "Tagasihelistamine"
    fourth["Message-ID"] = "<helista.909@example.ee>"
    fourth.set_content(f"Palun helista kliendile, tel {estate.digits[:4]}-{estate.digits[4:]}.\n")
    estate.messages = [m.as_bytes() for m in (first, second, third, fourth)]
    estate.expected += [
        Expected("message", f"{MAIL_FOLDER}/kysimus.909@example.ee", "EMAIL_ADDRESS", name_match="yes"),
        Expected("attachment", f"{MAIL_FOLDER}/andmed.909@example.ee!andmed.txt", "EE_PERSONAL_CODE"),
        Expected("message", f"{MAIL_FOLDER}/helista.909@example.ee", "PHONE_NUMBER"),
    ]


SUBJECT_ID = 3517  # the subject's row in kliendid and lepingud
ORDER = ("T-2024-0815", 2)  # the subject's order line (composite key)


def fill_database(connection, estate: Estate) -> None:
    """Tables of TABLE_ROWS rows (psycopg connection, autocommit); the subject's rows deep inside."""
    rng = random.Random(5)
    p, digits = estate.person, estate.digits
    kliendid, lepingud, tellimused = [], [], []
    for i in range(1, TABLE_ROWS + 1):
        o = estate.others[i % len(estate.others)]
        if i == SUBJECT_ID:  # e-mail in mixed case, phone with a space
            kliendid.append((i, p.first_name, p.last_name, p.personal_code, p.email.title(), f"{digits[:4]} {digits[4:]}"))
            lepingud.append((i, p.personal_code, f"Helistada numbril +372 {digits[:4]} {digits[4:]} pärast kella 10"))
        else:
            kliendid.append((i, o.first_name, o.last_name, ids.personal_code(rng), f"klient{i}@example.ee",
                             ids.estonian_mobile(rng)))
            # Free text holding other numbers: one of them has the subject's 8 digits inside a longer number.
            note = f"Arve {digits}99 tasumata" if i == 4100 else (
                f"Helistada numbril {ids.estonian_mobile(rng)}" if i % 3 == 0 else "Leping sõlmitud")
            lepingud.append((i, None, note))
        order = ORDER if i == SUBJECT_ID else (f"T-2024-{i:04d}", 1)
        phone = int(digits) if i == SUBJECT_ID else int("5" + "".join(str(rng.randrange(10)) for _ in range(7)))
        tellimused.append((*order, phone, rng.randrange(100, 99999) / 100))
    tellimused.append(("T-2025-0001", 1, int("372" + digits), 12.5))  # the same phone with the country code
    connection.execute("CREATE TABLE kliendid (id int PRIMARY KEY, eesnimi text, perenimi text, isikukood text, "
                       "e_post text, telefon text)")
    connection.execute("CREATE TABLE lepingud (id int PRIMARY KEY, isikukood text, markused text)")
    connection.execute("CREATE TABLE tellimused (tellimus_nr text, rida int, telefon bigint, summa numeric(10,2), "
                       "PRIMARY KEY (tellimus_nr, rida))")
    # A small table read whole by the scan: its hash row and its live row must be listed once, as the row.
    connection.execute("CREATE TABLE kontaktid (id int PRIMARY KEY, nimi text, e_post text)")
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO kliendid VALUES (%s, %s, %s, %s, %s, %s)", kliendid)
        cursor.executemany("INSERT INTO lepingud VALUES (%s, %s, %s)", lepingud)
        cursor.executemany("INSERT INTO tellimused VALUES (%s, %s, %s, %s)", tellimused)
        # Someone else shares the subject's e-mail address (a household): found, but the name differs.
        cursor.executemany("INSERT INTO kontaktid VALUES (%s, %s, %s)",
                           [(1, estate.others[5].name, p.email)] +
                           [(i, o.name, o.email) for i, o in enumerate(estate.others[6:20], start=2)])
    for name in ("kliendid", "lepingud", "tellimused", "kontaktid"):
        connection.execute(f"ANALYZE {name}")
    estate.expected += [
        Expected("table row", "kliendid.isikukood", "EE_PERSONAL_CODE", f"id={SUBJECT_ID}", "exact", "yes"),
        Expected("table row", "kliendid.e_post", "EMAIL_ADDRESS", f"id={SUBJECT_ID}", "exact", "yes"),
        Expected("table row", "kliendid.telefon", "PHONE_NUMBER", f"id={SUBJECT_ID}", "exact", "yes"),
        Expected("table row", "lepingud.isikukood", "EE_PERSONAL_CODE", f"id={SUBJECT_ID}", "exact"),
        Expected("table row", "lepingud.markused", "PHONE_NUMBER", f"id={SUBJECT_ID}", "contains"),
        Expected("table row", "tellimused.telefon", "PHONE_NUMBER", f"tellimus_nr={ORDER[0]}; rida={ORDER[1]}", "exact"),
        Expected("table row", "tellimused.telefon", "PHONE_NUMBER", "tellimus_nr=T-2025-0001; rida=1", "exact"),
        Expected("table row", "kontaktid.e_post", "EMAIL_ADDRESS", "id=1", "exact", "no"),
    ]
