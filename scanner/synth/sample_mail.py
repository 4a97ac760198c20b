"""Generated mail of fake people: sample_data/mail/archive.mbox and sample_data/mail/Maildir, and the test mailboxes.

`build_mailbox(seed)` returns messages for the folders INBOX, Sent and
Archive/2024 with planted identifiers in headers, bodies and attachments
(csv, txt, html, docx, pdf, an attached message) and in several charsets and
transfer encodings (UTF-8, iso-8859-15 quoted-printable, windows-1257
base64 and quoted-printable). Each `PlantedMessage` says what was planted
where, so a test can check that every value is found at the right place.
"""
from __future__ import annotations

import io
import mailbox
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parsedate_to_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

from scanner.synth import identifiers as ids

FOLDERS = ("INBOX", "Sent", "Archive/2024")
DOMAIN = "example-firma.ee"


@dataclass
class Planted:
    entity_type: str
    value: str
    attachment: str = ""  # "" = the message itself (headers or body)
    needs_formats: bool = False  # in a docx/pdf attachment: read once the document formats are in


@dataclass
class PlantedMessage:
    folder: str
    message_id: str
    data: bytes
    flags: str = ""
    planted: list[Planted] = field(default_factory=list)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    fixed = datetime(2024, 3, 1)
    document.core_properties.created = document.core_properties.modified = fixed
    for line in text.splitlines():
        document.add_paragraph(line)
    saved = io.BytesIO()
    document.save(saved)
    # Zip entries carry the time of saving: rewrite them with a fixed one so the bytes repeat.
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=fixed.timetuple()[:6]), source.read(info),
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2024, 3, 1, tzinfo=timezone.utc))  # the same bytes on every run
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


class _People:
    def __init__(self, rng: random.Random, seed: int):
        from faker import Faker

        self.rng = rng
        self.fake = Faker("et_EE")
        self.fake.seed_instance(seed)

    def person(self) -> tuple[str, str]:
        first, last = self.fake.first_name(), self.fake.last_name()
        local = f"{first}.{last}".lower()
        ascii_local = local.translate(str.maketrans("õäöüšž", "oaousz"))
        return f"{first} {last}", f"{ascii_local}@{self.rng.choice(['mail.ee', 'gmail.com', DOMAIN])}"


def _bytes(message: EmailMessage, seed: int) -> bytes:
    """The message as bytes, with fixed MIME boundaries so that regenerating gives the same files."""
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"leidur-{seed}-{number}")
    return message.as_bytes()


def _message(msg_id: str, sender, to, when: datetime, subject: str, cc=None, reply_to=None) -> EmailMessage:
    message = EmailMessage()
    message["Return-Path"] = f"<{sender[1]}>"
    message["From"] = formataddr(sender)
    message["To"] = ", ".join(formataddr(p) for p in to)
    if cc:
        message["Cc"] = ", ".join(formataddr(p) for p in cc)
    if reply_to:
        message["Reply-To"] = formataddr(reply_to)
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = f"<{msg_id}>"
    return message


def build_mailbox(seed: int = 2026, with_documents: bool = True) -> list[PlantedMessage]:
    """The generated messages of one mailbox, in FOLDERS, with what each one holds."""
    rng = random.Random(seed)
    people = _People(rng, seed)
    me = ("Kadri Personal", f"kadri.personal@{DOMAIN}")
    start = datetime(2024, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    out: list[PlantedMessage] = []

    def when(n: int) -> datetime:
        return start + timedelta(days=17 * n, minutes=rng.randrange(600))

    # 1. INBOX, UTF-8 plain text with a csv of employees (read already).
    a, b = people.person(), people.person()
    code, code2, iban = ids.personal_code(rng), ids.personal_code(rng), ids.estonian_iban(rng, spaced=False)
    phone = ids.estonian_mobile(rng, style="+372 ")
    m = _message(f"tooleping.{seed}.1@{DOMAIN}", a, [me], when(0), "Töölepingu andmed", cc=[b])
    m.set_content(f"Tere!\n\nSaadan uue töötaja andmed. Isikukood: {code}, telefon {phone}.\n\nParimat\n{a[0]}\n")
    m.add_attachment(f"Nimi;Isikukood;Arveldusarve\n{b[0]};{code2};{iban}\n".encode("utf-8"),
                     maintype="text", subtype="csv", filename="tootajad.csv")
    out.append(PlantedMessage("INBOX", f"tooleping.{seed}.1@{DOMAIN}", _bytes(m, seed), "\\Seen", [
        Planted("EMAIL_ADDRESS", a[1]), Planted("EMAIL_ADDRESS", b[1]), Planted("EE_PERSONAL_CODE", code),
        Planted("PHONE_NUMBER", phone), Planted("EE_PERSONAL_CODE", code2, "tootajad.csv"),
        Planted("IBAN_CODE", iban, "tootajad.csv")]))

    # 2. INBOX, unread: iso-8859-15 quoted-printable body and subject, an html attachment.
    a = people.person()
    code, code2 = ids.personal_code(rng), ids.personal_code(rng)
    m = _message(f"avaldus.{seed}.2@{DOMAIN}", a, [me], when(1), "Avaldus – õppepuhkus €")
    m.set_content(f"Lugupeetud personaliosakond,\n\npalun õppepuhkust. Minu isikukood on {code}.\nTänan, {a[0]}\n",
                  charset="iso-8859-15", cte="quoted-printable")
    m.add_attachment(f"<html><body><p>Taotleja isikukood: <b>{code2}</b></p></body></html>".encode(),
                     maintype="text", subtype="html", filename="taotlus.html")
    out.append(PlantedMessage("INBOX", f"avaldus.{seed}.2@{DOMAIN}", _bytes(m, seed), "", [
        Planted("EMAIL_ADDRESS", a[1]), Planted("EE_PERSONAL_CODE", code),
        Planted("EE_PERSONAL_CODE", code2, "taotlus.html")]))

    # 3. INBOX, flagged: plain + HTML alternatives in windows-1257 base64, Reply-To, a docx contract.
    a, r = people.person(), people.person()
    code, code2 = ids.personal_code(rng), ids.personal_code(rng)
    m = _message(f"leping.{seed}.3@{DOMAIN}", a, [me], when(2), "Üürileping", reply_to=r)
    m.set_content(f"Šarlota Žukova lepingu lisa. Isikukood {code}.\n", charset="windows-1257", cte="base64")
    m.add_alternative(f"<p>Šarlota Žukova lepingu lisa. Isikukood {code}.</p>", subtype="html",
                      charset="windows-1257", cte="base64")
    planted = [Planted("EMAIL_ADDRESS", a[1]), Planted("EMAIL_ADDRESS", r[1]), Planted("EE_PERSONAL_CODE", code)]
    if with_documents:
        m.add_attachment(_docx(f"ÜÜRILEPING\nÜürnik: {r[0]}, isikukood {code2}\n"),
                         maintype="application", subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                         filename="leping.docx")
        planted.append(Planted("EE_PERSONAL_CODE", code2, "leping.docx", needs_formats=True))
    out.append(PlantedMessage("INBOX", f"leping.{seed}.3@{DOMAIN}", _bytes(m, seed), "\\Flagged", planted))

    # 4. Sent: windows-1257 quoted-printable, encoded subject, a pdf payslip and a txt note.
    t = people.person()
    code, code2, iban = ids.personal_code(rng), ids.personal_code(rng), ids.estonian_iban(rng, spaced=True)
    m = _message(f"palk.{seed}.4@{DOMAIN}", me, [t], when(3), "Töötasu ja puhkusetasu – märts")
    m.set_content(f"Tere, {t[0]}!\nTöötasu kantakse kontole {iban}.\n", charset="windows-1257",
                  cte="quoted-printable")
    m.add_attachment(f"Märkus: isikukood {code}\n".encode("cp1257"), maintype="text", subtype="plain",
                     filename="markus.txt")
    planted = [Planted("EMAIL_ADDRESS", t[1]), Planted("IBAN_CODE", iban), Planted("EE_PERSONAL_CODE", code, "markus.txt")]
    if with_documents:
        m.add_attachment(_pdf(f"PALGALEHT\nTootaja: {t[0]}\nIsikukood: {code2}\n"), maintype="application",
                         subtype="pdf", filename="palgaleht.pdf")
        planted.append(Planted("EE_PERSONAL_CODE", code2, "palgaleht.pdf", needs_formats=True))
    out.append(PlantedMessage("Sent", f"palk.{seed}.4@{DOMAIN}", _bytes(m, seed), "\\Seen", planted))

    # 5. Sent: HTML only, a forwarded message attached.
    t, f = people.person(), people.person()
    iban, code = ids.estonian_iban(rng, spaced=False), ids.personal_code(rng)
    inner = _message(f"algne.{seed}.5@{DOMAIN}", f, [me], when(4), "Arve")
    inner.set_content(f"Arve tasumiseks. Maksja isikukood {code}.\n")
    m = _message(f"edasi.{seed}.5@{DOMAIN}", me, [t], when(4), "Fwd: Arve")
    m.set_content(f"<html><body><p>Palun tasuda arvele <i>{iban}</i>.</p></body></html>", subtype="html")
    m.add_attachment(inner, filename="algne.eml")
    out.append(PlantedMessage("Sent", f"edasi.{seed}.5@{DOMAIN}", _bytes(m, seed), "\\Seen", [
        Planted("EMAIL_ADDRESS", t[1]), Planted("IBAN_CODE", iban), Planted("EMAIL_ADDRESS", f[1], "algne.eml"),
        Planted("EE_PERSONAL_CODE", code, "algne.eml")]))

    # 6. Archive/2024, unread: a cp1257 csv with Estonian names.
    a = people.person()
    rows = [(people.person()[0], ids.personal_code(rng)) for _ in range(3)]
    m = _message(f"nimekiri.{seed}.6@{DOMAIN}", a, [me], when(5), "Osalejate nimekiri")
    m.set_content("Nimekiri manuses.\n")
    table = "Nimi;Isikukood\n" + "".join(f"{n};{c}\n" for n, c in rows)
    m.add_attachment(table.encode("cp1257"), maintype="text", subtype="csv", filename="osalejad.csv")
    out.append(PlantedMessage("Archive/2024", f"nimekiri.{seed}.6@{DOMAIN}", _bytes(m, seed), "", [
        Planted("EMAIL_ADDRESS", a[1])] + [Planted("EE_PERSONAL_CODE", c, "osalejad.csv") for _, c in rows]))
    return out


def write_mbox_folders(messages: list[PlantedMessage], root: Path) -> None:
    """One mbox file per folder below `root` (INBOX, Sent, Archive/2024)."""
    for folder in FOLDERS:
        path = root.joinpath(*folder.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        write_mbox([m for m in messages if m.folder == folder], path)


def write_mbox(messages: list[PlantedMessage], path: Path) -> None:
    box = mailbox.mbox(str(path), create=True)
    try:
        for planted in messages:
            message = mailbox.mboxMessage(planted.data)
            sent = parsedate_to_datetime(message["Date"]).astimezone(timezone.utc)
            message.set_from("MAILER-DAEMON", sent.timetuple())  # not the time of writing: files repeat
            box.add(message)
        box.flush()
    finally:
        box.close()


def write_maildir(messages: list[PlantedMessage], root: Path) -> None:
    """A Maildir++ tree: INBOX at the root, other folders as .Sent, .Archive.2024."""
    for number, planted in enumerate(messages, start=1):
        folder = root if planted.folder == "INBOX" else root / ("." + planted.folder.replace("/", "."))
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        seen = "S" if "Seen" in planted.flags else ""
        name = f"{1709539800 + number * 3600}.M{number}P1.leidur-sample" + (f":2,{seen}" if seen else "")
        (folder / ("cur" if seen else "new") / name).write_bytes(planted.data)


def generate(root: Path, seed: int) -> None:
    out = root / "mail"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    messages = build_mailbox(seed)
    write_mbox(messages, out / "archive.mbox")
    write_maildir(build_mailbox(seed + 1, with_documents=False), out / "Maildir")
