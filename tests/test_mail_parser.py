"""The one e-mail parser, and the mbox and Maildir sources, without a server."""
from __future__ import annotations

import io
import os

import pytest

from scanner.detect.detector import Detector, DetectorSettings
from scanner.engine import ScanOptions, run_scan
from scanner.extractors import ExtractContext, Limits, extract
from scanner.extractors.sniff import sniff
from scanner.sources.files import FileSource
from scanner.sources.mailbox import MaildirSource, MboxSource, maildir_folder_name, mbox_folder_name
from scanner.synth.sample_mail import build_mailbox, write_maildir, write_mbox
from scanner.targets import parse_target
from tests.conftest import SAMPLE_DATA, TEST_KEY

KEY = TEST_KEY.encode()


def chunks_of(data: bytes, name: str = "message.eml", limits: Limits | None = None):
    errors = []
    ctx = ExtractContext(report_error=errors.append, limits=limits or Limits())
    return list(extract(io.BytesIO(data), "box/msg", ctx, name=name)), errors


def texts(chunks) -> dict:
    out: dict[str, str] = {}
    for chunk in chunks:
        out[chunk.location] = out.get(chunk.location, "") + chunk.text
    return out


@pytest.fixture(scope="module")
def detector():
    return Detector.from_settings(DetectorSettings(key=KEY))


RAW_1257 = (
    b"From: =?windows-1257?Q?=D0arlota_=DEukova?= <sarlota@mail.ee>\n"
    b"To: \"Mari Tamm\" <mari.tamm@mail.ee>\n"
    b"Cc: \xc3\x95ie M\xc3\xa4gi <oie@mail.ee>\n"
    b"Subject: =?iso-8859-15?Q?T=F6=F6leping_=A4?=\n"
    b"Message-ID: <a/b!c@x>\n"
    b"Date: Mon, 4 Mar 2024 09:30:00 +0200\n"
    b"MIME-Version: 1.0\n"
    b"Content-Type: multipart/mixed; boundary=XX\n\n"
    b"--XX\nContent-Type: text/plain; charset=windows-1257\nContent-Transfer-Encoding: quoted-printable\n\n"
    b"=D0arlota =DEukova, isikukood 38001085718, t=F6=F6tasu.\n"
    b"--XX\nContent-Type: text/plain; charset=iso-8859-15\nContent-Transfer-Encoding: base64\n"
    b"Content-Disposition: attachment; filename=\"m\xe4rkus.txt\"\n\n"
    + __import__("base64").encodebytes("Õie € isikukood 49403136526\n".encode("iso-8859-15"))
    + b"--XX--\n"
)


def test_headers_and_bodies_are_decoded_from_every_charset_and_encoding():
    chunks, errors = chunks_of(RAW_1257)
    found = texts(chunks)
    assert errors == []
    header = found["box/msg"]
    assert "From: Šarlota Žukova <sarlota@mail.ee>" in header
    assert "To: Mari Tamm <mari.tamm@mail.ee>" in header
    assert "Cc: Õie Mägi <oie@mail.ee>" in header  # raw 8-bit UTF-8 header
    assert "Subject: Tööleping €" in header
    assert "Šarlota Žukova, isikukood 38001085718, töötasu." in header
    attachment = [loc for loc in found if loc != "box/msg"]
    assert attachment == ["box/msg!märkus.txt"]
    assert "Õie € isikukood 49403136526" in found[attachment[0]]
    assert all(c.modified is not None and c.modified.utcoffset().total_seconds() == 7200 for c in chunks)


def test_header_text_is_chunked_so_that_addresses_are_detected(detector):
    chunks, _ = chunks_of(b"From: Mari Tamm <mari.tamm@mail.ee>\nTo: x@y.ee\nSubject: tere\n\nbody\n")
    header = chunks[0]
    assert header.text.startswith("From: Mari Tamm <mari.tamm@mail.ee>\n")
    # The sender's name is a person, and both addresses are found.
    assert sorted(f.entity_type for f in detector.detect(header)) == ["EMAIL_ADDRESS", "EMAIL_ADDRESS", "PERSON"]


def test_html_only_body_is_read_as_text_and_plain_wins_in_alternatives():
    html_only = (b"From: a@b.ee\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n"
                 b"<p>Isikukood&nbsp;<b>38001085718</b></p><script>var x=1</script>\n")
    found = texts(chunks_of(html_only)[0])["box/msg"]
    assert "38001085718" in found and "<b>" not in found and "var x" not in found
    alternative = build_mailbox(seed=3, with_documents=False)[2].data  # plain + HTML, windows-1257 base64
    body = texts(chunks_of(alternative)[0])["box/msg"]
    assert body.count("Šarlota Žukova") == 1  # read once, not once per alternative


def test_an_eml_file_with_a_forwarded_message_nests_locations():
    message = build_mailbox(seed=3, with_documents=False)[4]
    found = texts(chunks_of(message.data)[0])
    assert set(found) == {"box/msg", "box/msg!algne.eml"}
    assert "isikukood" in found["box/msg!algne.eml"]


def test_mbox_file_on_a_share_gives_one_location_per_message(tmp_path):
    messages = build_mailbox(seed=3, with_documents=False)
    path = tmp_path / "archive.mbox"
    write_mbox(messages, path)
    errors = []
    ctx = ExtractContext(report_error=errors.append)
    with open(path, "rb") as handle:
        locations = {c.location for c in extract(handle, str(path), ctx, name=path.name)}
    assert errors == []
    assert f"{path}!{messages[0].message_id}" in locations
    assert f"{path}!{messages[0].message_id}!tootajad.csv" in locations
    assert {loc.split("!")[1] for loc in locations} == {m.message_id for m in messages}


def test_a_lone_message_named_mbox_is_still_read():
    chunks, errors = chunks_of(b"\nFrom: a@b.ee\nSubject: x\n\nisikukood 38001085718\n", name="kiri.mbox")
    assert errors == [] and "38001085718" in "".join(c.text for c in chunks)


def test_maildir_files_without_a_name_are_sniffed_as_mail_but_notes_are_not():
    message = build_mailbox(seed=3, with_documents=False)[0].data
    assert sniff(message[:8192], "1709539800.M1P1.host:2,S") == "eml"
    assert sniff(b"Received: from x\nDate: Mon, 4 Mar 2024\nMessage-ID: <a@b>\n\nhi", "") == "eml"
    assert sniff(b"From: Mari\nIsikukood: 38001085718\n", "notes") == "text"
    assert sniff(b"Subject to change: prices\nFrom: us\nTo: you\n", "") == "text"  # prose, not headers


def test_custom_headers_are_kept_so_that_sniffing_loses_nothing():
    data = b"From: a@b.ee\nTo: c@d.ee\nSubject: s\nKlient: 38001085718\nX-Mailer: x 49403136526\n\nbody\n"
    header = texts(chunks_of(data, name="")[0])["box/msg"]
    assert "Klient: 38001085718" in header and "49403136526" not in header


def test_hostile_messages_become_errors_not_crashes():
    deep = b"From: a@b.ee\nSubject: inner\n\nisikukood 38001085718\n"
    for level in range(8):
        deep = (b"From: a@b.ee\nSubject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B%d\n\n"
                b"--B%d\nContent-Type: message/rfc822\n\n" % (level, level)) + deep + b"\n--B%d--\n" % level
    chunks, errors = chunks_of(deep, limits=Limits(max_depth=3))
    assert chunks and any("nesting deeper" in e.error for e in errors)
    garbage, errors = chunks_of(b"From: \xfe\xff\nContent-Type: multipart/mixed; boundary=\n\n--\n\xff" * 50)
    assert garbage and garbage[0].text.startswith("From: ")  # read as far as it goes, no exception
    too_big, errors_big = chunks_of(b"From: a@b.ee\nSubject: x\n\n" + b"x" * 5000, limits=Limits(max_member_bytes=1000))
    assert too_big == [] and errors_big and "larger than" in errors_big[0].error


def test_folder_names():
    from scanner.sources.imap import decode_folder, encode_folder, parse_list

    assert encode_folder("Saadetud/Prügikast & muu") == "Saadetud/Pr&APw-gikast &- muu"
    assert decode_folder(encode_folder("Šõ/Ž&x")) == "Šõ/Ž&x"
    assert parse_list([b'(\\Noselect \\HasChildren) "/" Archive', b'(\\HasNoChildren) "/" "Pr&APw-gikast"',
                       (b'(\\HasNoChildren) "/" {8}', b'a "b" c'), b'() "/" INBOX']) == ["Prügikast", 'a "b" c', "INBOX"]
    assert maildir_folder_name(".") == "INBOX"
    assert maildir_folder_name(".Archive.2024") == "Archive/2024"
    assert maildir_folder_name(os.path.join("Archive", "2024")) == "Archive/2024"
    assert mbox_folder_name(os.path.join("Archive.sbd", "2024")) == "Archive/2024"
    assert mbox_folder_name("Sent.mbox") == "Sent"


def _tree(root):
    return sorted((p, os.stat(os.path.join(p, f)).st_mtime_ns, f) for p, _, fs in os.walk(root) for f in fs)


def test_maildir_and_mbox_sources_list_folders_read_only_with_versions(tmp_path):
    messages = build_mailbox(seed=5, with_documents=False)
    maildir = tmp_path / "Maildir"
    write_maildir(messages, maildir)
    before = _tree(maildir)
    errors = []
    items = list(MaildirSource.from_target(parse_target(f"maildir:{maildir}"), ScanOptions()).items(errors.append))
    assert errors == []
    assert [i.metadata["folder"] for i in items] == ["INBOX"] * 3 + ["Archive/2024"] + ["Sent"] * 2
    assert items[0].location == f"maildir:{maildir}/INBOX/{messages[0].message_id}"
    assert all(i.version and i.modified.year == 2024 for i in items)
    assert [i.open().read() for i in items[:3]] == [m.data for m in messages[:3]]
    assert _tree(maildir) == before  # nothing moved from new/ to cur/, nothing renamed

    path = tmp_path / "one.mbox"
    write_mbox(messages, path)
    items = list(MboxSource.from_target(parse_target(f"mbox:{path}"), ScanOptions()).items(errors.append))
    assert [i.location for i in items] == [f"mbox:{path}/{m.message_id}" for m in messages]
    assert items[1].open().read().replace(b"\r\n", b"\n") == messages[1].data
    offsets = [int(i.version.split(":")[0]) for i in items]
    assert offsets == sorted(offsets) and offsets[0] == 0 and len(set(i.version for i in items)) == len(items)


def test_missing_mailboxes_are_reported():
    for kind in ("mbox", "maildir"):
        errors = []
        source = {"mbox": MboxSource, "maildir": MaildirSource}[kind]
        assert list(source.from_target(parse_target(f"{kind}:/nonexistent/box"), ScanOptions()).items(errors.append)) == []
        assert [e.stage for e in errors] == ["list"]


def test_sample_mail_is_found_by_a_plain_file_scan():
    root = SAMPLE_DATA / "mail"
    result = run_scan([FileSource(str(root), "sample")], ScanOptions(jobs=1, quiet=True), KEY)
    assert [e for e in result.errors if not e.location.endswith((".docx", ".pdf"))] == []
    maildir_rows = [r for r in result.rows if "/Maildir/" in r.location and r.entity_type == "EE_PERSONAL_CODE"]
    mbox_rows = [r for r in result.rows if "archive.mbox!" in r.location and r.entity_type == "EE_PERSONAL_CODE"]
    assert len(maildir_rows) >= 5 and len(mbox_rows) >= 5
    assert any(r.location.endswith("!osalejad.csv") for r in maildir_rows)


def test_imap_targets_parse_without_exposing_the_password(tmp_path):
    from scanner.sources.imap import ImapSource
    from scanner.targets import TargetError

    def source(url, options=None, environ=None):
        target = parse_target(url, environ or {})
        target.options = options or {}
        return ImapSource.from_target(target, ScanOptions(), environ=environ or {})

    plain = source("imaps://dpo%40firma.ee@[::1]:9993/INBOX,Sent?ca=/etc/ca.pem", environ={"LEIDUR_IMAP_PASSWORD": "pw1"})
    assert plain.base == "imaps://dpo%40firma.ee@[::1]:9993" and plain.wanted == ["INBOX", "Sent"]
    assert (plain.account.user, plain.account.password, plain.account.ca_file) == ("dpo@firma.ee", "pw1", "/etc/ca.pem")
    assert "pw1" not in repr(plain.account)
    in_url = source("imap://u:${PW}@mail.ee/*", environ={"PW": "pw2", "LEIDUR_IMAP_PASSWORD": "other"})
    assert (in_url.account.password, in_url.account.implicit_tls, in_url.account.port) == ("pw2", False, 143)
    assert in_url.base == "imap://u@mail.ee" and in_url.wanted == ["*"]
    secret = tmp_path / "pw"
    secret.write_text("pw3\n# rotated monthly\n")
    by_file = source("imaps://u@mail.ee", {"password_file": str(secret), "folders": ["INBOX", "Archive/*"]})
    assert (by_file.account.password, by_file.wanted, by_file.account.port) == ("pw3", ["INBOX", "Archive/*"], 993)
    by_env = source("imaps://u@mail.ee/INBOX?password_env=MY_PW", environ={"MY_PW": "pw4"})
    assert by_env.account.password == "pw4"
    with pytest.raises(TargetError, match="LEIDUR_IMAP_PASSWORD"):
        source("imaps://u@mail.ee/INBOX")
