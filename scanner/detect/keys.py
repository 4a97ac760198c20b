"""The secret key for fingerprints: from LEIDUR_KEY, LEIDUR_KEY_FILE, or a key file made on first use."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def default_key_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / "leidur" / "key"


def load_key() -> bytes:
    """Return the fingerprint key, creating an owner-only key file if none exists.

    The same key must be used for scans and subject searches: a lost key means
    old fingerprints can no longer be matched.
    """
    env_key = os.environ.get("LEIDUR_KEY")
    if env_key:
        return env_key.encode("utf-8")
    path = Path(os.environ.get("LEIDUR_KEY_FILE") or default_key_path())
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    return key
