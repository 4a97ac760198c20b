"""The sample file share: Estonian and English text documents with planted identifiers and look-alikes.

`generate()` writes sample_data/share/ and returns the manifest of what was
planted: {relative path: {entity type: count}}. Files under `lookalikes/`
hold only values that must not be reported (wrong check digits, registry
codes, dates, amounts, version strings).
"""
from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from scanner.synth import identifiers as ids
from scanner.synth.people import make_people

SIX_TYPES = ("EE_PERSONAL_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS")


class Planter:
    """Writes files and counts every identifier written into each."""

    def __init__(self, root: Path):
        self.root = root
        self.manifest: dict[str, Counter] = defaultdict(Counter)

    def write(self, relative: str, text: str, planted: Counter | None = None, encoding: str = "utf-8") -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        self.manifest[relative].update(planted or Counter())


def _letter(person, rng) -> tuple[str, Counter]:
    text = (
        f"Tallinn, {rng.randrange(1, 28)}.{rng.randrange(1, 12)}.2025\n\n"
        f"Lugupeetud {person.first_name} {person.last_name}\n\n"
        f"Kinnitame Teie lepingu sõlmimise. Lepingu poole isikukood on {person.personal_code}.\n"
        f"Arved saadame e-posti aadressile {person.email} ning kiireloomulistes küsimustes\n"
        f"helistame telefonil {person.phone}.\n"
        f"Igakuine makse laekub arveldusarvelt {person.iban}.\n\n"
        f"Lugupidamisega,\nKlienditeenindus\n"
    )
    return text, Counter({"EE_PERSONAL_CODE": 1, "EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1, "IBAN_CODE": 1})


def _customers_csv(people) -> tuple[str, Counter]:
    lines = ["eesnimi;perenimi;isikukood;e_post;telefon;arveldusarve"]
    for p in people:
        lines.append(f"{p.first_name};{p.last_name};{p.personal_code};{p.email};{p.phone};{p.iban}")
    n = len(people)
    return "\r\n".join(lines) + "\r\n", Counter(
        {"EE_PERSONAL_CODE": n, "EMAIL_ADDRESS": n, "PHONE_NUMBER": n, "IBAN_CODE": n}
    )


def _access_log(people, rng) -> tuple[str, Counter]:
    lines = []
    for i in range(200):
        p = people[i % len(people)]
        ip = ids.ipv6(rng) if i % 25 == 0 else p.ip
        lines.append(f'{ip} - - [12/Mar/2025:10:{i % 60:02d}:07 +0200] "POST /login HTTP/1.1" 200 512 "user={p.email}"')
    return "\n".join(lines) + "\n", Counter({"IP_ADDRESS": 200, "EMAIL_ADDRESS": 200})


def _payments_json(people) -> tuple[str, Counter]:
    records = [{"customer": p.name, "card": p.card, "amount_eur": 19.99 + i, "order": f"T-{10000 + i}"}
               for i, p in enumerate(people)]
    return json.dumps({"payments": records}, ensure_ascii=False, indent=2), Counter({"CREDIT_CARD": len(people)})


def _html_contact(person) -> tuple[str, Counter]:
    return (
        "<!DOCTYPE html><html><head><title>Kontakt</title><style>p{color:#333}</style></head><body>\n"
        f"<h1>Meie meeskond</h1><p>Projektijuht {person.name}<br>"
        f"e-post: <a href=\"mailto:{person.email}\">{person.email}</a><br>"
        f"tel {person.phone}</p></body></html>\n"
    ), Counter({"EMAIL_ADDRESS": 2, "PHONE_NUMBER": 1})


def _english_contract(person) -> tuple[str, Counter]:
    return (
        "SERVICE AGREEMENT\n\nThis agreement is made between Example Services OÜ and the client\n"
        f"{person.name}, personal identification code {person.personal_code}, e-mail {person.email},\n"
        f"phone {person.phone}. Payments are made by card {person.card} or to the account {person.iban}.\n"
    ), Counter({"EE_PERSONAL_CODE": 1, "EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1, "CREDIT_CARD": 1, "IBAN_CODE": 1})


def _eid_export(people) -> tuple[str, Counter]:
    lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<signers>"]
    for i, p in enumerate(people):
        serial = f"PNOEE-{p.personal_code}" if i % 2 else f"EE{p.personal_code}"
        lines.append(f"  <signer><serialNumber>{serial}</serialNumber><cn>{p.last_name.upper()},{p.first_name.upper()}</cn></signer>")
    lines.append("</signers>")
    return "\n".join(lines) + "\n", Counter({"EE_PERSONAL_CODE": len(people)})


def _invoices_lookalike(rng) -> str:
    lines = ["Arve nr;Kuupäev;Registrikood;KMKR;Summa;Viitenumber"]
    for i in range(60):
        lines.append(
            f"{ids.invoice_number(rng)};{rng.randrange(1, 28):02d}.{rng.randrange(1, 12):02d}.2024;"
            f"{ids.registry_code(rng)};{ids.vat_number(rng)};{rng.randrange(10, 99999)},{rng.randrange(0, 99):02d};"
            f"{ids.bad_date_personal_code(rng)}"
        )
    return "\n".join(lines) + "\n"


def _release_notes_lookalike(rng) -> str:
    lines = ["# Versiooniajalugu / release notes", ""]
    for i in range(30):
        lines.append(
            f"- versioon {rng.randrange(1, 12)}.{rng.randrange(0, 20)}.{rng.randrange(0, 9)}.{rng.randrange(0, 300)}"
            f" ({rng.randrange(2019, 2026)}-{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d}): build {rng.randrange(10**7, 10**8)}, "
            f"tellimus {ids.invoice_number(rng)}, summa {rng.randrange(1000, 99999)}.{rng.randrange(0, 99):02d} EUR, "
            f"kaart {ids.invalid_card_number(rng)}, konto {ids.invalid_iban(rng)}"
        )
    return "\n".join(lines) + "\n"


def generate(root: Path, seed: int = 2026) -> dict[str, dict[str, int]]:
    rng = random.Random(seed)
    people = make_people(40, seed)
    planter = Planter(Path(root) / "share")
    for i, person in enumerate(people[:6]):
        planter.write(f"Kliendid/kirjad/leping_{i + 1:03d}.txt", *_letter(person, rng))
    planter.write("Kliendid/kliendid_2024.csv", *_customers_csv(people[6:26]))
    # Legacy Windows encodings, as old Estonian exports are.
    text, planted = _customers_csv(people[26:30])
    planter.write("Kliendid/vana_eksport_cp1257.csv", text, planted, encoding="cp1257")
    text, planted = _letter(people[30], rng)
    planter.write("Kliendid/kirjad/leping_latin9.txt", text, planted, encoding="iso-8859-15")
    text, planted = _letter(people[31], rng)
    planter.write("Kliendid/kirjad/leping_utf16.txt", "\ufeff" + text, planted, encoding="utf-16-le")
    planter.write("IT/logid/access.log", *_access_log(people, rng))
    planter.write("Raamatupidamine/maksed.json", *_payments_json(people[:12]))
    planter.write("Veeb/kontakt.html", *_html_contact(people[32]))
    planter.write("Lepingud/service_agreement_en.md", *_english_contract(people[33]))
    planter.write("Lepingud/allkirjastajad.xml", *_eid_export(people[34:40]))
    planter.write(".varjatud/markmed.txt", *_letter(people[35], rng))
    planter.write("lookalikes/arved_2024.csv", _invoices_lookalike(rng))
    planter.write("lookalikes/release_notes.md", _release_notes_lookalike(rng))
    return {path: dict(counts) for path, counts in planter.manifest.items()}
