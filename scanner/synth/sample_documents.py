"""Sample office, PDF, Outlook and archive files for sample_data/documents/ (fake people only)."""
from __future__ import annotations

import io
import random
import shutil
import tarfile
import zipfile
from pathlib import Path

from faker import Faker

from scanner.synth import documents as docs
from scanner.synth import identifiers as ids


def _people(rng: random.Random, fake: Faker, count: int) -> list[list[str]]:
    return [[fake.name(), ids.personal_code(rng), fake.email(), ids.estonian_iban(rng, spaced=False)]
            for _ in range(count)]


def generate(root: Path, seed: int) -> None:
    folder = root / "documents"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    fake = Faker("et_EE")
    fake.seed_instance(seed)
    people = _people(rng, fake, 12)
    header = ["Nimi", "Isikukood", "E-post", "Arveldusarve"]
    docs.write_docx(folder / "tooleping.docx", [
        "TÖÖLEPING (näidis, väljamõeldud isikud)",
        f"Tööandja: {fake.company()}, registrikood {ids.registry_code(rng)}",
        f"Töötaja: {people[0][0]}, isikukood {people[0][1]}",
    ], table=[header[:2], people[1][:2], people[2][:2]], header=f"Kontakt: {people[0][2]}", footer="Konfidentsiaalne")
    docs.write_xlsx(folder / "palgaarvestus.xlsx", {
        "Kokkuvõte": [["Kuu", "Palgafond"], ["jaanuar", 48200], ["veebruar", 47950]],
        "Töötajad": [header, *[[p[0], int(p[1]), p[2], p[3]] for p in people[:8]]],
    })
    docs.write_ods(folder / "kliendid.ods", {"Kliendid": [header, *people[8:]]})
    docs.write_odt(folder / "avaldus.odt", ["Avaldus", f"Palun väljastada tõend. {people[3][0]}, isikukood {people[3][1]}"])
    docs.write_rtf(folder / "volikiri.rtf", ["Volikiri", f"Volitan {people[4][0]} (isikukood {people[4][1]})"])
    docs.write_pptx(folder / "projekt.pptx", [["Projekti ülevaade"], ["Kontaktisik", f"{people[5][0]}, {people[5][2]}"]])
    docs.write_pdf(folder / "aruanne.pdf", [["Aastaaruanne (näidis)"], ["Tulud ja kulud"],
                                            [f"Vastutav isik: {people[6][0]}, isikukood {people[6][1]}"]])
    attachment = io.BytesIO()
    with zipfile.ZipFile(attachment, "w") as archive:
        archive.writestr("nimekiri.csv", "nimi;isikukood\n" + "".join(f"{p[0]};{p[1]}\n" for p in people[:3]))
    docs.write_msg(folder / "kiri.msg", (people[0][0], people[0][2]), [(people[1][0], people[1][2])],
                   "Nimekiri", "Tere! Nimekiri on manuses.", {"nimekiri.zip": attachment.getvalue()})
    with tarfile.open(folder / "varukoopia.tar.gz", "w:gz") as archive:
        data = ("nimi,isikukood,e-post\n" + "".join(f"{p[0]},{p[1]},{p[2]}\n" for p in people)).encode()
        info = tarfile.TarInfo("eksport/kliendid.csv")
        info.size = len(data)
        info.mtime = 1_735_689_600
        archive.addfile(info, io.BytesIO(data))
    docs.text_image([f"Isikukood {people[7][1]}", people[7][2]], size=32).save(folder / "skann.png")
