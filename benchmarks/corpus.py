"""Generate the benchmark corpus: a plain-text share of mixed Estonian/English business documents.

    python benchmarks/corpus.py --size-mb 200 --out benchmarks/corpus

Most text holds no identifier, as on a real share; letters, exports and logs
carry isikukoodid, e-mail addresses, phones, IBANs, cards, IPs and names.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.synth import identifiers as ids  # noqa: E402
from scanner.synth.people import make_people  # noqa: E402

ESTONIAN = [
    "Käesolevaga kinnitame, et tellimus on vastu võetud ja see täidetakse kokkulepitud tähtajaks.",
    "Palume arve tasuda hiljemalt kümne päeva jooksul arvates arve väljastamise kuupäevast.",
    "Koosolekul arutati eelarve täitmist, uue laohoone ehitust ja järgmise kvartali müügiplaani.",
    "Lepingu muudatused jõustuvad pärast mõlema poole allkirjastamist digitaalselt.",
    "Tarkvara uus versioon parandab aruannete koostamise kiirust ja lisab ekspordi võimaluse.",
    "Klienditeenindus on avatud tööpäevadel kella üheksast viieni, laupäeval kümnest kaheni.",
    "Raamatupidamise aastaaruanne esitatakse äriregistrile seadusega ettenähtud tähtajaks.",
    "Hinnad ei sisalda käibemaksu ning võivad muutuda vastavalt tooraine hinnale turul.",
]
ENGLISH = [
    "Please find attached the updated delivery schedule for the next quarter.",
    "The meeting covered the budget review, the warehouse project and the sales plan.",
    "Our support team will contact you within two business days regarding your request.",
    "The new release improves report generation speed and adds an export option.",
    "Invoices are payable within fourteen days of the invoice date unless agreed otherwise.",
    "All prices exclude VAT and may change in line with raw material prices.",
]


def _prose(rng: random.Random, sentences: int) -> str:
    pool = ESTONIAN if rng.random() < 0.65 else ENGLISH
    return " ".join(rng.choice(pool) for _ in range(sentences))


def _letter(rng, person) -> str:
    return (
        f"Lugupeetud {person.name}\n\n{_prose(rng, 12)}\n"
        f"Teie isikukood {person.personal_code}, e-post {person.email}, tel {person.phone}.\n"
        f"Arveldusarve {person.iban}.\n{_prose(rng, 10)}\n\nLugupidamisega,\n{person.name}\n"
    )


def _export(rng, people) -> str:
    rows = ["nimi;isikukood;e_post;telefon;iban;summa"]
    for p in rng.sample(people, 40):
        rows.append(f"{p.name};{p.personal_code};{p.email};{p.phone};{p.iban};{rng.randrange(10, 9999)},{rng.randrange(100):02d}")
    return "\n".join(rows) + "\n"


def _log(rng, people) -> str:
    lines = []
    for _ in range(300):
        p = rng.choice(people)
        if rng.random() < 0.1:
            lines.append(f"2025-03-12T10:{rng.randrange(60):02d}:07Z INFO login ok user={p.email} ip={p.ip}")
        else:
            lines.append(f"2025-03-12T10:{rng.randrange(60):02d}:07Z DEBUG request id={rng.randrange(10**9)} served in {rng.randrange(1, 900)} ms")
    return "\n".join(lines) + "\n"


def _report(rng) -> str:
    return "\n\n".join(_prose(rng, 20) for _ in range(8)) + "\n"


def dense_export(size: int, seed: int = 13) -> str:
    """CSV rows and log lines with one identifier per 100 bytes (the issue's "dense export"), `size` bytes."""
    rng = random.Random(seed)
    people = make_people(500, seed)
    fields = ("personal_code", "email", "phone", "iban", "ip")
    lines, written = ["kuupäev;tellimus;kirjeldus;summa;kontakt"], 0
    while written < size:
        person = rng.choice(people)
        value = getattr(person, rng.choice(fields))
        if rng.random() < 0.5:
            line = (f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d};{ids.invoice_number(rng)};"
                    f"{rng.choice(ITEMS)};{rng.randrange(10, 9999)},{rng.randrange(100):02d};{value}")
        else:
            line = (f"2025-03-12T10:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z INFO "
                    f"{rng.choice(EVENTS)} request={rng.randrange(10**9)} {value}")
        line = (line + " " + NOTE)[:99]  # every line 100 bytes with its newline (ASCII filler)
        lines.append(line)
        written += len(line.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


ITEMS = ["kontoritarbed", "tarkvara litsents", "hooldusleping", "transporditeenus", "koolitus", "office supplies"]
NOTE = "status ok; tarnitud ja kinnitatud, arve saadetud kliendile e-postiga, makse laekunud tähtajaks " * 2
EVENTS = ["order confirmed for", "password changed by", "invoice sent to", "ticket opened by", "login ok for"]


def generate(out: Path, size_mb: float, seed: int = 11) -> int:
    rng = random.Random(seed)
    people = make_people(500, seed)
    out.mkdir(parents=True, exist_ok=True)
    target = int(size_mb * 1024 * 1024)
    written = 0
    index = 0
    while written < target:
        kind = rng.choices(["report", "letter", "export", "log"], weights=[5, 2, 1, 2])[0]
        parts = []
        for _ in range(rng.randrange(20, 120)):
            if kind == "letter":
                parts.append(_letter(rng, rng.choice(people)))
            elif kind == "export":
                parts.append(_export(rng, people))
            elif kind == "log":
                parts.append(_log(rng, people))
            else:
                parts.append(_report(rng))
        data = "\n".join(parts).encode("utf-8")
        folder = out / f"osakond_{index % 17:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{kind}_{index:05d}.txt").write_bytes(data)
        written += len(data)
        index += 1
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus")
    args = parser.parse_args()
    print(f"wrote {generate(args.out, args.size_mb) / 1e6:.1f} MB to {args.out}")
