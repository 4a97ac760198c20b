"""A private Dovecot IMAP/IMAPS server on loopback for the mail tests (own config, temp dir, self-signed CA).

Started once per session as root with `-c <private config>`: no system
configuration is read. One passwd-file user with a plain password; mail in
Maildir under the temp dir, owned by `nobody`. `imap` (STARTTLS offered)
and `imaps` listen on free loopback ports; the certificate is signed by a
test CA whose file is `ca_file` (for the `?ca=` option).
"""
from __future__ import annotations

import datetime as dt
import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.services._server import terminate

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "dpo-scan"
PASSWORD = "Test-Imap-Secret-7d3f"


@dataclass
class DovecotServer:
    host: str
    imap_port: int
    imaps_port: int
    user: str
    password: str
    ca_file: str
    maildir: Path
    root: Path

    def url(self, folder: str = "INBOX", tls: bool = True) -> str:
        if tls:
            return f"imaps://{self.user}@localhost:{self.imaps_port}/{folder}?ca={self.ca_file}"
        return f"imap://{self.user}@localhost:{self.imap_port}/{folder}?ca={self.ca_file}"

    def connect(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=self.ca_file)
        conn = imaplib.IMAP4_SSL("localhost", self.imaps_port, ssl_context=context, timeout=30)
        conn.login(self.user, self.password)
        return conn


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate for localhost / 127.0.0.1 signed by it."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Leidur test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(pem))
    cert_file.write_bytes(cert.public_bytes(pem))
    key_file.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_file.chmod(0o600)
    return ca_file, cert_file, key_file


CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = leidur-test-{imap_port}
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
disable_plaintext_auth = no
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def _wait_for(port: int, process: subprocess.Popen, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None and process.returncode != 0:
            break
        time.sleep(0.1)
    text = "".join(p.read_text(errors="replace") for p in (log, log.with_suffix(".stderr")) if p.exists())
    raise RuntimeError(f"dovecot did not start on port {port}: {text[-2000:]}")


def start_dovecot(root: Path) -> tuple[DovecotServer, subprocess.Popen]:
    import pwd

    nobody = pwd.getpwnam("nobody")
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("mail", "home"):
        os.chown(root / sub, nobody.pw_uid, nobody.pw_gid)
    os.chmod(root, 0o755)
    ca_file, cert, key = _certificates(root)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    imap_port, imaps_port = _free_port(), _free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, cert=cert, key=key, imap_port=imap_port,
                                    imaps_port=imaps_port, uid=nobody.pw_uid, gid=nobody.pw_gid))
    with open(root / "dovecot.stderr", "wb") as stderr:
        process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=stderr)
    log = root / "dovecot.log"
    _wait_for(imap_port, process, log)
    _wait_for(imaps_port, process, log)
    server = DovecotServer("127.0.0.1", imap_port, imaps_port, USER, PASSWORD, str(ca_file),
                           root / "mail" / USER, root)
    return server, process


def kick(server: DovecotServer) -> None:
    """Drop every IMAP connection of the test user, as a server restart or a network cut would."""
    config = ["doveadm", "-c", str(server.root / "dovecot.conf")]
    subprocess.run([*config, "kick", server.user], check=True, capture_output=True, timeout=30)
    # kick signals the connections' processes and returns: wait until they are gone, or a command
    # sent at once on a busy machine may still be answered by a process about to die.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        who = subprocess.run([*config, "who", "-1", server.user], capture_output=True, text=True, timeout=30)
        if len(who.stdout.strip().splitlines()) <= 1:  # the header line alone
            return
        time.sleep(0.05)


def stop_dovecot(process: subprocess.Popen) -> None:
    terminate(process, timeout=15)


@pytest.fixture(scope="session")
def dovecot():
    """A running Dovecot with one empty account; tests load their own mail (see `append`)."""
    if not os.path.exists(DOVECOT):
        pytest.skip("dovecot is not installed (CI installs dovecot-imapd)")
    # Not below pytest's 0700 temp root: the mail processes run as `nobody` and must reach the mail.
    root = Path(tempfile.mkdtemp(prefix="leidur-dovecot-"))
    server, process = start_dovecot(root)
    try:
        yield server
    finally:
        stop_dovecot(process)
        shutil.rmtree(root, ignore_errors=True)


def append(server: DovecotServer, folder: str, messages: list[bytes], flags: str = "") -> None:
    """Deliver messages with IMAP APPEND (creating the folder), as a mail client would."""
    from scanner.sources.imap import quote

    conn = server.connect()
    try:
        if folder.upper() != "INBOX":
            conn.create(quote(folder))
        for data in messages:
            typ, response = conn.append(quote(folder), flags or None, None, data)
            assert typ == "OK", response
    finally:
        conn.logout()
