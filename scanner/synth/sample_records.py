"""sample_data/records/: a small office share laid out the way the default rulebook expects (fake people only).

Folders follow the privacy policies' purposes: accounting (Raamatupidamine, Arved),
customers (Kliendid, Klienditugi, Juhised, Turundus), employees (Personal, Värbamine),
and one folder no rule covers (Muu) so that UNMAPPED rows appear on purpose. A year
in a path (…/2016/…) says when the record was made: tests set such files' modification
times to that year, which makes the old accounting records overdue.
"""
from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

from scanner.synth import identifiers as ids


def _person(fake, rng: random.Random) -> dict:
    first, last = fake.first_name(), fake.last_name()
    return {
        "nimi": f"{first} {last}",
        "isikukood": ids.personal_code(rng),
        "email": f"{first}.{last}@example.ee".lower().translate(str.maketrans("õäöüšž", "oaousz")),
        "telefon": ids.estonian_mobile(rng),
        "iban": ids.estonian_iban(rng),
        "aadress": fake.address().replace("\n", ", "),
    }


def _csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def _text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(root: Path, seed: int) -> None:
    from faker import Faker

    fake = Faker("et_EE")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    base = Path(root) / "records"
    shutil.rmtree(base, ignore_errors=True)
    people = [_person(fake, rng) for _ in range(12)]
    company = f"{ids.registry_code(rng)}"

    for year, chosen in ((2016, people[:3]), (2025, people[3:5])):
        _csv(base / "Raamatupidamine" / str(year) / f"pangaväljavõte-{year}.csv",
             [{"kuupäev": f"{year}-06-{10 + i}", "saaja": p["nimi"], "konto": p["iban"], "summa": f"{100 + i * 17},50",
               "selgitus": f"töötasu, isikukood {p['isikukood']}"} for i, p in enumerate(chosen)])
    for year, person in ((2017, people[5]), (2025, people[6])):
        _text(base / "Arved" / str(year) / f"arve-{year}-001.txt",
              f"ARVE nr {year}-001\nMüüja: Näidis OÜ, registrikood {company}, KMKR {ids.vat_number(rng)}\n"
              f"Ostja: {person['nimi']}, isikukood {person['isikukood']}\nE-post: {person['email']}\n"
              f"Tasuda arveldusarvele {ids.estonian_iban(rng)}\n")
    _csv(base / "Kliendid" / "kliendid.csv",
         [{"nimi": p["nimi"], "isikukood": p["isikukood"], "e-post": p["email"], "telefon": p["telefon"]}
          for p in people[:6]])
    _text(base / "Klienditugi" / "2019" / "pöördumine-17.txt",
          f"Tere! Minu isikukood on {people[7]['isikukood']}, palun muutke mu telefoninumber: {people[7]['telefon']}.\n"
          f"Lugupidamisega\n{people[7]['nimi']}\n{people[7]['email']}\n")
    _text(base / "Juhised" / "2018" / "korraldus-3.txt",
          f"Kliendi korraldus (e-kiri {people[8]['email']}): kustutage palun mu andmed. Isikukood {people[8]['isikukood']}.\n")
    _csv(base / "Turundus" / "uudiskiri.csv",
         [{"e-post": p["email"], "nõusolek": "jah"} for p in people[6:12]])
    _text(base / "Personal" / "Töölepingud" / "2012" / "tööleping-1.txt",
          f"TÖÖLEPING\nTöötaja: {people[9]['nimi']}, isikukood {people[9]['isikukood']}\n"
          f"Palk kantakse kontole {people[9]['iban']}\nTelefon {people[9]['telefon']}\n")
    _text(base / "Värbamine" / "2023" / "CV-kandidaat.txt",
          f"CV\n{people[10]['nimi']}\nE-post {people[10]['email']}, telefon {people[10]['telefon']}\n")
    _text(base / "Muu" / "märkmed.txt",
          f"Helista {people[11]['nimi']}: {people[11]['telefon']}, isikukood {people[11]['isikukood']}\n")
    # An old archive: zip members keep their own dates (git does not keep file times, a zip does),
    # so even a fresh checkout shows accounting records past their seven years.
    _zip(base / "Raamatupidamine" / "arhiiv-2014.zip", {
        "2014/pangaväljavõte-2014.csv": "kuupäev;saaja;konto;selgitus\n" + "".join(
            f"2014-03-{10 + i};{p['nimi']};{p['iban']};töötasu, isikukood {p['isikukood']}\n"
            for i, p in enumerate(people[:3])),
    }, (2014, 12, 31, 12, 0, 0))


def _zip(path: Path, members: dict[str, str], date_time: tuple) -> None:
    """A zip with fixed member dates and no other varying bytes, so regenerating gives the same file."""
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

