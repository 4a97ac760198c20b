"""Generated test shares for the format readers: planted identifiers at known places, and hostile files."""
from __future__ import annotations

import io
import os
import random
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

from scanner.synth import documents as docs
from scanner.synth import identifiers as ids

# (location relative to the share, entity type) that the scan must report.
EXPECTED: list[tuple[str, str]] = [
    ("kliendid.docx", "EE_PERSONAL_CODE"),   # in a table
    ("kliendid.docx", "EMAIL_ADDRESS"),      # in the page header
    ("kliendid.docx", "IBAN_CODE"),          # in a comment
    ("palgad.xlsx!Töötajad", "EE_PERSONAL_CODE"),  # second sheet, numeric cell under "Isikukood"
    ("aruanne.pdf", "EE_PERSONAL_CODE"),     # third page only
    ("kiri.msg", "EMAIL_ADDRESS"),           # From / To
    ("kiri.msg!leping.docx", "EE_PERSONAL_CODE"),  # attachment
    ("edasi.msg!vastus.msg", "EMAIL_ADDRESS"),  # an attached message's headers
    ("edasi.msg!vastus.msg!lisa.csv", "EE_PERSONAL_CODE"),  # ... and its own attachment
    ("arhiiv.zip!kaust/sisemine.zip!andmed.csv", "EE_PERSONAL_CODE"),  # zip inside a zip
    ("tekst.odt", "EE_PERSONAL_CODE"),
    ("vana.rtf", "EE_PERSONAL_CODE"),
    ("tabel.ods!Isikud", "EE_PERSONAL_CODE"),
    ("vana.xls!Töötajad", "EE_PERSONAL_CODE"),   # legacy Excel, second sheet
    ("esitlus.pptx", "EE_PERSONAL_CODE"),
    ("esitlus.odp", "EE_PERSONAL_CODE"),
    ("varukoopia.tar.gz!eksport/isikud.csv", "EE_PERSONAL_CODE"),
    ("logi.txt.bz2", "EMAIL_ADDRESS"),
    ("andmed.csv.xz", "EE_PERSONAL_CODE"),
    ("kaust.7z!dokumendid/leping.odt", "EE_PERSONAL_CODE"),
    ("tegelikult.txt!andmed.csv", "EE_PERSONAL_CODE"),  # a zip named .txt
]
# Places that hold no identifiers: a sheet and the first pages must not be reported.
NOT_EXPECTED = ["palgad.xlsx!Kokkuvõte", "vana.xls!Kokkuvõte"]


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx_bytes(tmp: Path, paragraphs, table=()) -> bytes:
    path = tmp / "tmp.docx"
    docs.write_docx(path, paragraphs, table)
    data = path.read_bytes()
    path.unlink()
    return data


def build_share(root: Path, seed: int = 7) -> dict[str, str]:
    """Every format Leidur reads, each holding identifiers at known places; returns the planted values."""
    rng = random.Random(seed)
    code = lambda: ids.personal_code(rng)  # noqa: E731
    root.mkdir(parents=True, exist_ok=True)
    planted = {"table_code": code(), "sheet_code": code(), "page3_code": code(), "attachment_code": code()}
    docs.write_docx(root / "kliendid.docx", ["Kliendileping", "Allkirjastajad:"],
                    table=[["Nimi", "Isikukood"], ["Mari Maasikas", planted["table_code"]]],
                    header="Kontakt: mari.maasikas@example.ee", comment=f"Konto {ids.estonian_iban(rng)}")
    docs.write_xlsx(root / "palgad.xlsx", {
        "Kokkuvõte": [["Osakond", "Summa"], ["Müük", 12000], ["Tootmine", 8000]],
        "Töötajad": [["Nimi", "Isikukood", "Palk"], ["Jaan Tamm", int(planted["sheet_code"]), 1800]],
    })
    docs.write_pdf(root / "aruanne.pdf", [["Aastaaruanne 2025", "Sisukord"], ["Müügitulu kasvas."],
                                          ["Vastutav isik", f"Isikukood: {planted['page3_code']}"]])
    attachment = _docx_bytes(root, ["Leping", f"Töövõtja isikukood {planted['attachment_code']}"])
    docs.write_msg(root / "kiri.msg", ("Mari Maasikas", "mari.maasikas@example.ee"),
                   [("Jaan Tamm", "jaan.tamm@example.ee")], "Leping", "Tere! Leping on lisatud.",
                   {"leping.docx": attachment})
    reply = dict(sender=("Jaan Tamm", "jaan.tamm@example.ee"), to=[("Mari Maasikas", "mari.maasikas@example.ee")],
                 subject="Vastus", body="Nimekiri lisatud.", attachments={"lisa.csv": f"isikukood\n{code()}\n".encode()})
    docs.write_msg(root / "edasi.msg", ("Mari Maasikas", "mari.maasikas@example.ee"), [("Juhan Kask", "juhan@example.ee")],
                   "Edasi: Vastus", "Vaata allpool.", {"vastus.msg": reply})
    inner = _zip_bytes({"andmed.csv": f"nimi;isikukood\nMari;{code()}\n".encode()})
    (root / "arhiiv.zip").write_bytes(_zip_bytes({"kaust/sisemine.zip": inner, "kaust/loe.txt": b"tere"}))
    docs.write_xls(root / "vana.xls", {"Kokkuvõte": [["Aasta", 2024]], "Töötajad": [["Nimi", "Isikukood"], ["Mari", int(code())]]})
    docs.write_odt(root / "tekst.odt", ["Avaldus", f"Isikukood {code()}"])
    docs.write_rtf(root / "vana.rtf", ["Volikiri", f"Isikukood: {code()}"])
    docs.write_ods(root / "tabel.ods", {"Isikud": [["Nimi", "Isikukood"], ["Mari", code()]]})
    docs.write_pptx(root / "esitlus.pptx", [["Projekt"], ["Kontaktisik", f"isikukood {code()}"]])
    docs.write_odp(root / "esitlus.odp", [["Projekt"], [f"Isikukood {code()}"]])
    with tarfile.open(root / "varukoopia.tar.gz", "w:gz") as archive:
        data = f"nimi,isikukood\nJaan,{code()}\n".encode()
        info = tarfile.TarInfo("eksport/isikud.csv")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    import bz2
    import lzma

    (root / "logi.txt.bz2").write_bytes(bz2.compress(b"2025-01-01 login jaan.tamm@example.ee\n"))
    (root / "andmed.csv.xz").write_bytes(lzma.compress(f"isikukood\n{code()}\n".encode()))
    odt = root / "tmp.odt"
    docs.write_odt(odt, [f"Isikukood {code()}"])
    import py7zr

    with py7zr.SevenZipFile(root / "kaust.7z", "w") as archive:
        archive.write(odt, "dokumendid/leping.odt")
    odt.unlink()
    (root / "tegelikult.txt").write_bytes(_zip_bytes({"andmed.csv": f"isikukood\n{code()}\n".encode()}))
    docs.text_image([f"Isikukood {code()}", "mari.maasikas@example.ee"]).save(root / "skann.png")
    docs.write_image_pdf(root / "skann.pdf", [f"Isikukood {code()}"])
    (root / "pilt.bin").write_bytes(random.Random(seed).randbytes(4096))  # binary, no text: skipped quietly
    return planted


# ---- hostile files ----

def zip_bomb(path: Path, expanded_mb: int = 256, beside: str = "") -> None:
    """A small zip whose member inflates to `expanded_mb` MB of digits, beside an ordinary csv."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if beside:
            archive.writestr("isikud.csv", f"isikukood\n{beside}\n")
        with archive.open("tühjus.txt", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)  # digits, not NULs: text that a reader would keep reading
            for _ in range(expanded_mb):
                member.write(block)


def nested_zip(path: Path, levels: int) -> None:
    data = _zip_bytes({"sügav.csv": b"isikukood\n"})
    for level in range(levels):
        data = _zip_bytes({f"tase{level}.zip": data})
    path.write_bytes(data)


def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if c & 1 else c >> 1
        table.append(c)
    return table


def zipcrypto_zip(path: Path, name: str, data: bytes, password: bytes) -> None:
    """A zip with one member encrypted with traditional PKWARE encryption (what `zip -P` writes)."""
    table = _crc_table()
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(byte: int) -> None:
        keys[0] = table[(keys[0] ^ byte) & 0xFF] ^ (keys[0] >> 8)
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = table[(keys[2] ^ (keys[1] >> 24)) & 0xFF] ^ (keys[2] >> 8)

    def encrypt(plain: bytes) -> bytes:
        out = bytearray()
        for byte in plain:
            temp = (keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            update(byte)
        return bytes(out)

    for byte in password:
        update(byte)
    crc = zlib.crc32(data)
    secret = encrypt(os.urandom(11) + bytes([crc >> 24])) + encrypt(data)
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x1 | 0x800, 0, 0, 0x21, crc, len(secret), len(data), len(encoded), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x1 | 0x800, 0, 0, 0x21, crc, len(secret),
                          len(data), len(encoded), 0, 0, 0, 0, 0, 0)
    body = local + encoded + secret
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(encoded), len(body), 0)
    path.write_bytes(body + central + encoded + end)


def gzip_bomb(path: Path, expanded_mb: int = 256) -> None:
    """A small .gz that inflates to `expanded_mb` MB of digits (text, so it is read until a limit stops it)."""
    import gzip

    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(expanded_mb):
            handle.write(b"0" * (1 << 20))


def build_hostile(root: Path, bomb_mb: int = 256) -> dict[str, str]:
    """Hostile files; returns location -> a word the errors.csv reason must hold."""
    root.mkdir(parents=True, exist_ok=True)
    zip_bomb(root / "pomm.zip", bomb_mb, beside=ids.personal_code(random.Random(5)))
    gzip_bomb(root / "pomm.txt.gz", bomb_mb)
    nested_zip(root / "sügav.zip", 12)
    docx = root / "tervik.docx"
    docs.write_docx(docx, ["Tere"] * 50)
    (root / "poolik.docx").write_bytes(docx.read_bytes()[: docx.stat().st_size // 2])
    docx.unlink()
    zipcrypto_zip(root / "salajane.zip", "isikud.csv", b"isikukood\n39001010008\n", b"parool")
    docs.write_pdf(root / "salajane.pdf", [["Isikukood 39001010008"]], password="parool")
    (root / "katki.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\ngarbage\n" + os.urandom(2000))
    (root / "juhuslik.docx").write_bytes(random.Random(3).randbytes(20000))
    import py7zr

    with py7zr.SevenZipFile(root / "salajane.7z", "w", password="parool") as archive:
        archive.writestr(b"isikukood 39001010008\n", "isikud.txt")
    return {
        "pomm.zip!tühjus.txt": "ratio",
        "pomm.txt.gz": "ratio",
        "sügav.zip!tase11.zip!tase10.zip!tase9.zip!tase8.zip!tase7.zip!tase6.zip": "nesting",
        "poolik.docx": "zip",
        "salajane.zip!isikud.csv": "encrypted",
        "salajane.pdf": "encrypted",
        "katki.pdf": "corrupt",
        "juhuslik.docx": "named like a Word file",
        "salajane.7z": "encrypted",
    }
