"""Fake Estonian people with every identifier Leidur looks for (Faker et_EE names; generated codes)."""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from scanner.synth import identifiers as ids

MAIL_DOMAINS = ["mail.ee", "hot.ee", "gmail.com", "neti.ee", "online.ee", "example.ee"]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


@dataclass
class Person:
    first_name: str
    last_name: str
    personal_code: str
    email: str
    phone: str
    iban: str
    card: str
    ip: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def faker(seed: int):
    from faker import Faker

    fake = Faker("et_EE")
    fake.seed_instance(seed)
    return fake


def make_people(count: int, seed: int) -> list[Person]:
    rng = random.Random(seed)
    fake = faker(seed)
    people = []
    for _ in range(count):
        first, last = fake.first_name(), fake.last_name()
        people.append(
            Person(
                first_name=first,
                last_name=last,
                personal_code=ids.personal_code(rng),
                email=f"{_ascii(first)}.{_ascii(last)}@{rng.choice(MAIL_DOMAINS)}",
                phone=ids.estonian_mobile(rng),
                iban=ids.estonian_iban(rng),
                card=ids.card_number(rng),
                ip=ids.ipv4(rng),
            )
        )
    return people
