"""A real Samba server on a loopback port, serving a share of generated documents."""
from __future__ import annotations

import contextlib
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SMBD = shutil.which("smbd") or "/usr/sbin/smbd"
SMBPASSWD = shutil.which("smbpasswd") or "/usr/bin/smbpasswd"
SCAN_USER = "leidurscan"
# Characters a URL and smb.conf must survive; never a real secret.
SCAN_PASSWORD = "Vaike-Saladus!2026"
SHARE = "Dokumendid"

LINK_LOOP = "Personal/Lepingud/tagasi"  # a symbolic link to its grandparent folder
UNREADABLE = "Salajane/palgad_juhatus.txt"  # root-owned 0600: the scanning user cannot read it
UNLISTABLE = "Suletud kaust"  # root-owned 0700 folder: cannot be listed
LOCKED = "Raamatupidamine/avatud_arve.txt"  # held open without sharing by another client


@dataclass
class SambaServer:
    port: int
    workdir: Path
    root: Path  # the local folder the share serves
    process: subprocess.Popen
    user: str = SCAN_USER
    password: str = SCAN_PASSWORD
    share: str = SHARE
    # relative path -> entity type -> planted values
    planted: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def url(self, path: str = "", with_user: bool = True) -> str:
        user = f"{self.user}@" if with_user else ""
        return f"smb://{user}127.0.0.1:{self.port}/{self.share}" + (f"/{path}" if path else "")

    def location(self, relative: str) -> str:
        return f"smb://127.0.0.1:{self.port}/{self.share}/{relative}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for pid in self._rpc_helpers():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def smbd_processes(self) -> list[int]:
        """The main smbd and its children (one per client), from /proc (no procps needed)."""
        found = [self.process.pid]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == self.process.pid:
                        found.append(int(entry))
        return found

    def _rpc_helpers(self) -> list[int]:
        """samba-dcerpcd and its rpcd_* workers, which smbd starts on demand in their own session."""
        marker = f"--configfile={self.workdir / 'smb.conf'}".encode()
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError):
                    if marker in Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0"):
                        found.append(int(entry))
        return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ensure_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SCAN_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SCAN_USER],
                       check=True, capture_output=True)
        return pwd.getpwnam(SCAN_USER)


def _config(workdir: Path, root: Path, port: int) -> Path:
    dirs = {name: workdir / name for name in ("private", "lock", "state", "cache", "pid", "ncalrpc", "log")}
    for name, path in dirs.items():
        # smbd's children run as the connected user and must read msg.lock/<pid> in the lock
        # folder to see that another client's smbd is alive; in a private (0700) lock folder
        # every share mode held by another client looks stale and a "locked" file opens.
        path.mkdir(mode=0o700 if name == "private" else 0o755)
    conf = workdir / "smb.conf"
    conf.write_text(f"""[global]
  workgroup = LEIDUR
  server role = standalone server
  smb ports = {port}
  interfaces = lo
  bind interfaces only = yes
  disable netbios = yes
  server min protocol = SMB2_02
  private dir = {dirs['private']}
  lock directory = {dirs['lock']}
  state directory = {dirs['state']}
  cache directory = {dirs['cache']}
  pid directory = {dirs['pid']}
  ncalrpc dir = {dirs['ncalrpc']}
  log file = {dirs['log']}/log.%m
  passdb backend = tdbsam:{dirs['private']}/passdb.tdb
  map to guest = never
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  hide dot files = yes
[{SHARE}]
  path = {root}
  read only = yes
  browseable = yes
""")
    return conf


def start_samba(root: Path, workdir: Path) -> SambaServer:
    """Start smbd serving `root` as SHARE for SCAN_USER; the caller stops it."""
    if not os.path.exists(SMBD):
        pytest.skip("smbd is not installed (apt-get install samba)")
    _ensure_user()
    port = _free_port()
    conf = _config(workdir, root, port)
    subprocess.run([SMBPASSWD, "-c", str(conf), "-s", "-a", SCAN_USER],
                   input=f"{SCAN_PASSWORD}\n{SCAN_PASSWORD}\n", text=True, check=True, capture_output=True)
    log = open(workdir / "log" / "smbd.out", "wb")
    process = subprocess.Popen(
        [SMBD, "--foreground", "--no-process-group", "--debug-stdout", "-s", str(conf)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,  # on exit smbd signals its whole process group: keep it off ours
    )
    server = SambaServer(port=port, workdir=workdir, root=root, process=process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = (workdir / "log" / "smbd.out").read_text(errors="replace")[-2000:]
            server.stop()
            raise RuntimeError(f"smbd exited with {process.returncode}: {output}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError("smbd did not listen within 30 s")


def make_workdir() -> tuple[Path, Path]:
    """A temp folder the unprivileged scanning user can traverse (pytest's own is 0700)."""
    workdir = Path(tempfile.mkdtemp(prefix="leidur-samba-"))
    workdir.chmod(0o755)
    root = workdir / "share"
    root.mkdir(mode=0o755)
    return workdir, root


def _person(rng: random.Random, fake) -> dict[str, str]:
    from scanner.synth import identifiers as ids

    return {
        "name": fake.name(),
        "EE_PERSONAL_CODE": ids.personal_code(rng),
        "EMAIL_ADDRESS": f"{fake.user_name()}{rng.randrange(100, 999)}@{fake.free_email_domain()}",
        "IBAN_CODE": ids.estonian_iban(rng, spaced=False),
    }


def _text(people) -> str:
    lines = ["Töötajate andmed, konfidentsiaalne.", ""]
    for p in people:
        lines.append(f"{p['name']}, isikukood {p['EE_PERSONAL_CODE']}, e-post {p['EMAIL_ADDRESS']}, "
                     f"arveldusarve IBAN {p['IBAN_CODE']}.")
    return "\n".join(lines) + "\n"


def _csv(people) -> str:
    rows = ["Nimi;Isikukood;E-post;IBAN"]
    rows += [f"{p['name']};{p['EE_PERSONAL_CODE']};{p['EMAIL_ADDRESS']};{p['IBAN_CODE']}" for p in people]
    return "\r\n".join(rows) + "\r\n"


def _html(people) -> str:
    cells = "".join(f"<tr><td>{p['name']}</td><td>{p['EE_PERSONAL_CODE']}</td><td>{p['EMAIL_ADDRESS']}</td>"
                    f"<td>{p['IBAN_CODE']}</td></tr>" for p in people)
    return ("<html><head><meta charset='utf-8'><title>Nimekiri</title></head><body><table>"
            f"<tr><th>Nimi</th><th>Isikukood</th><th>E-post</th><th>IBAN</th></tr>{cells}</table></body></html>")


# relative path -> writer; nested folders, a non-ASCII name, a hidden folder and a hidden file
LAYOUT = {
    "Raamatupidamine/2024/arved.csv": _csv,
    "Raamatupidamine/2024/Q1/palgad.txt": _text,
    LOCKED: _text,
    "Personal/töötajad.html": _html,
    "Personal/Lepingud/leping 01.txt": _text,
    "Personal/Lepingud/Vanad/leping 02.csv": _csv,
    ".varukoopia/.vana_nimekiri.txt": _text,
    UNREADABLE: _text,
    f"{UNLISTABLE}/sees.txt": _text,
}


def build_tree(root: Path, seed: int = 7, people_per_file: int = 3, filler_bytes: int = 0) -> dict:
    """Write generated documents below `root`; return {relative path: {entity type: values}}."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker("et_EE")
    fake.seed_instance(seed)
    planted: dict[str, dict[str, set[str]]] = {}
    for relative, writer in LAYOUT.items():
        people = [_person(rng, fake) for _ in range(people_per_file)]
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        filler = ("Lorem ipsum dolor sit amet, aruanne ja selgitused. " * (filler_bytes // 50 + 1))[:filler_bytes]
        path.write_text(writer(people) + filler, encoding="utf-8")
        planted[relative] = {e: {p[e] for p in people} for e in ("EE_PERSONAL_CODE", "EMAIL_ADDRESS", "IBAN_CODE")}
    # A link back to a parent folder: the server follows it, the scan must not loop.
    (root / "Personal/Lepingud/tagasi").symlink_to("..", target_is_directory=True)
    (root / "Avalik").mkdir(exist_ok=True)
    (root / "Avalik/kirjeldus.txt").write_text("Ettevõtte üldine kirjeldus. Isikuandmeid pole.\n", encoding="utf-8")
    planted["Avalik/kirjeldus.txt"] = {}
    return planted


def set_permissions(root: Path, trees: list[Path] | None = None) -> None:
    """The scanning user owns `root`, except in each built tree one unreadable file and one unlistable folder."""
    user = _ensure_user()  # on a new machine the user does not exist before the first server starts
    for folder, subfolders, files in os.walk(root):
        for name in subfolders + files:
            path = os.path.join(folder, name)
            os.chown(path, user.pw_uid, user.pw_gid)
            os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)
    for tree in [root] if trees is None else trees:
        for path, mode in ((tree / UNREADABLE, 0o600), (tree / UNLISTABLE, 0o700)):
            os.chown(path, 0, 0)
            os.chmod(path, mode)
    # Access times later than the change time (now): with relatime the kernel then leaves
    # atime alone on reads, so any change a test sees was asked for through SMB.
    now = time.time()
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (now + 3600, now - 3600))


@contextlib.contextmanager
def hold_open_without_sharing(server: SambaServer, relative: str):
    """Another SMB client opens the file with no sharing, as Word does, and keeps it open.

    A client of its own (own connection and client GUID), so that smbd serves it in a
    separate process, as it would a colleague's computer.
    """
    from smbprotocol.connection import Connection
    from smbprotocol.open import CreateDisposition, CreateOptions, FilePipePrinterAccessMask, ImpersonationLevel, Open
    from smbprotocol.session import Session
    from smbprotocol.tree import TreeConnect

    connection = Connection(uuid.uuid4(), "127.0.0.1", server.port)
    connection.connect(timeout=10)
    try:
        session = Session(connection, server.user, server.password, auth_protocol="ntlm")
        session.connect()
        tree = TreeConnect(session, f"\\\\127.0.0.1\\{server.share}")
        tree.connect()
        handle = Open(tree, relative.replace("/", "\\"))
        handle.create(ImpersonationLevel.Impersonation, FilePipePrinterAccessMask.GENERIC_READ, 0,
                      0, CreateDisposition.FILE_OPEN, CreateOptions.FILE_NON_DIRECTORY_FILE)  # share_access=0
        yield
        handle.close()
    finally:
        connection.disconnect()


@pytest.fixture(scope="session")
def samba():
    """Samba on loopback serving the generated tree, with one file held open by another client."""
    workdir, root = make_workdir()
    planted = build_tree(root)
    set_permissions(root)
    server = start_samba(root, workdir)
    server.planted = planted
    try:
        with hold_open_without_sharing(server, LOCKED):
            yield server
    finally:
        server.stop()
