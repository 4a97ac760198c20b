"""Messages per second over IMAPS on loopback: listing + fetching alone, and a whole scan (run by hand, as root).

    python benchmarks/bench_imap.py --messages 1200 --jobs 2

Starts a private Dovecot (tests/services/dovecot.py), writes generated
messages straight into its Maildir, then measures (1) listing and fetching
every message with BODY.PEEK[] and (2) `run_scan` with detection.
"""
from __future__ import annotations

import argparse
import os
import pwd
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.engine import ScanOptions, run_scan  # noqa: E402
from scanner.sources.imap import ImapSource  # noqa: E402
from scanner.synth.sample_mail import build_mailbox  # noqa: E402
from scanner.targets import parse_target  # noqa: E402
from tests.services.dovecot import start_dovecot, stop_dovecot  # noqa: E402


def load(maildir: Path, count: int) -> int:
    """`count` messages in INBOX (generated mail with csv/txt/html attachments, distinct Message-IDs)."""
    templates = [m.data for m in build_mailbox(seed=99, with_documents=False)]
    nobody = pwd.getpwnam("nobody")
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(count):
        data = templates[n % len(templates)].replace(b"Message-ID: <", b"Message-ID: <%d." % n, 1)
        path = maildir / "new" / f"{1700000000 + n}.M{n}P1.bench"
        path.write_bytes(data)
        total += len(data)
    for folder, _, files in os.walk(maildir):
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), nobody.pw_uid, nobody.pw_gid)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1200)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="leidur-bench-imap-"))
    server, process = start_dovecot(root)
    try:
        size = load(server.maildir, args.messages)
        environ = {"LEIDUR_IMAP_PASSWORD": server.password}
        source = ImapSource.from_target(parse_target(server.url("INBOX")), ScanOptions(), environ=environ)
        # Warm Dovecot's index once, as a second nightly scan would find it.
        list(source.items(print))

        start = time.perf_counter()
        items = list(source.items(print))
        listed = time.perf_counter() - start
        fetched = sum(len(item.open().read()) for item in items)
        fetch_seconds = time.perf_counter() - start
        print(f"{len(items)} messages, {size / 1e6:.1f} MB in the mailbox")
        print(f"list (UID, size, Message-ID, Date in batches): {len(items) / listed:,.0f} messages/s")
        print(f"list + fetch each with BODY.PEEK[], one connection: {len(items) / fetch_seconds:,.0f} messages/s "
              f"({fetched / 1e6 / fetch_seconds:.1f} MB/s)")

        options = ScanOptions(jobs=args.jobs, quiet=True)
        source = ImapSource.from_target(parse_target(server.url("INBOX")), options, environ=environ)
        start = time.perf_counter()
        result = run_scan([source], options, b"bench-key")
        seconds = time.perf_counter() - start
        print(f"whole scan with detection, --jobs {args.jobs}: {result.items / seconds:,.1f} messages/s "
              f"({result.items} items, {len(result.rows)} rows, {len(result.errors)} errors, {seconds:.1f} s)")
    finally:
        stop_dovecot(process)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
