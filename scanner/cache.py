"""A per-user cache of what every process would otherwise build again at its start: the Hyperscan database.

Where: $LEIDUR_CACHE_DIR, else $XDG_CACHE_HOME/leidur, else ~/.cache/leidur; an
empty LEIDUR_CACHE_DIR switches the cache off. The directory is made 0700 and
each file 0600, written whole under a temporary name and then renamed, so that
workers starting together never read half a file.

A file is read only when this user owns it and its directory, no one else can
write to either, it is a regular file (not a link, not a FIFO), and the checksum
stored in it holds.
Anything else (no file, someone else's, damaged, a home that cannot be written)
means "not cached": the caller builds what it needs as before, and a scan
never fails for want of a cache.

What a file holds: the recognisers' prefilter patterns and keywords, compiled
(custom rules' too: a deny-list in a rules directory is in it, under the same
owner-only modes as the rules directory should have). No scanned content.
"""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

_MAGIC = b"leidur-cache 1\n"
KEEP = 8  # files of one kind kept: one per set of rules recently used


def cache_dir() -> Path | None:
    """The cache folder, or None: switched off, or no home folder to put it in (never the working folder)."""
    configured = os.environ.get("LEIDUR_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG rules say to ignore it
        try:
            home = os.path.expanduser("~")
        except (KeyError, RuntimeError, OSError):
            return None
        if not os.path.isabs(home):  # no HOME and no passwd entry: "~" stays as it is
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "leidur"


def _path(kind: str, key: bytes) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{kind}-{hashlib.sha256(key).hexdigest()[:32]}.bin"


def _private(status: os.stat_result) -> bool:
    return status.st_uid == os.geteuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(kind: str, key: bytes) -> bytes | None:
    """What write(kind, key, ...) stored, or None."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        if not _private(os.stat(path.parent)):
            return None
        # No following a link; no waiting on a FIFO put in the file's place.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode) or not _private(os.fstat(handle.fileno())):
                return None
            content = handle.read()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if not content.startswith(_MAGIC) or hashlib.sha256(content[head:]).digest() != content[len(_MAGIC):head]:
        return None
    return content[head:]


def write(kind: str, key: bytes, data: bytes) -> None:
    """Store `data` for (kind, key), if the cache directory is there or can be made, and private."""
    path = _path(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(os.stat(path.parent)):
            return
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-")  # 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + hashlib.sha256(data).digest() + data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent, kind)
    except OSError:
        return


def _prune(folder: Path, kind: str) -> None:
    """Only the KEEP files of `kind` last written stay."""
    files = sorted(folder.glob(f"{kind}-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
