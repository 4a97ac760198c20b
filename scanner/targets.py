"""Parse a TARGET argument: a path, a SQLAlchemy URL, mbox:/maildir:, imap(s)://, or smb://.

`${VAR}` in a target is replaced from the environment, so passwords stay out
of shell history and process lists. `display` is what outputs show: the
target with any password removed.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

_ENV_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
SQL_SCHEMES = ("sqlite", "postgresql", "postgres", "mysql", "mariadb", "mssql", "oracle")


class TargetError(ValueError):
    """A target that cannot be scanned as written (a usage error)."""


@dataclass
class Target:
    kind: str  # files | database | mbox | maildir | imap | smb
    spec: str  # the target with ${VAR} expanded (may hold a password: never print it)
    display: str  # safe to print: no password
    options: dict = field(default_factory=dict)  # per-source settings from --config
    raw: str = ""  # as written, ${VAR} not expanded: a cluster worker parses it again in its own environment

    def __repr__(self) -> str:  # keep secrets out of tracebacks and logs
        return f"Target(kind={self.kind!r}, display={self.display!r})"


def interpolate(text: str, environ=None) -> str:
    """Replace ${VAR} with its value from the environment; a missing variable is an error."""
    environ = os.environ if environ is None else environ

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in environ:
            raise TargetError(f"environment variable {name} is not set")
        return environ[name]

    return _ENV_VAR.sub(value, text)


class KeepReferences(dict):
    """An environment in which every `${VAR}` stays as written: targets parsed on a cluster's client,
    whose secrets are expanded only by the workers, from their own environments."""

    def __contains__(self, name) -> bool:
        return True

    def __missing__(self, name: str) -> str:
        return "${" + name + "}"


def redact(url: str) -> str:
    """The URL without its password (user name kept: it says which account scanned)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None and "@" not in parts.netloc:
        return url
    userinfo, _, hostinfo = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    netloc = f"{user}@{hostinfo}" if user else hostinfo
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def parse_target(raw: str, environ=None) -> Target:
    # Display from the raw text, before interpolation, so an expanded secret cannot show.
    display = redact(raw)
    target = _parse(raw, interpolate(raw, environ), display)
    target.raw = raw
    return target


def expand(target: Target, environ=None) -> Target:
    """`target` with its `${VAR}` references expanded (one parsed with KeepReferences, for a local scan)."""
    if not target.raw:
        return target
    expanded = parse_target(target.raw, environ)
    expanded.options = dict(target.options)
    return expanded


def _parse(raw: str, spec: str, display: str) -> Target:
    lowered = spec.lower()
    scheme = lowered.split(":", 1)[0] if ":" in lowered else ""
    base_scheme = scheme.split("+", 1)[0]
    if lowered.startswith("mbox:"):
        return Target("mbox", spec[5:], display)
    if lowered.startswith("maildir:"):
        return Target("maildir", spec[8:], display)
    if scheme in ("imap", "imaps"):
        return Target("imap", spec, display)
    if scheme == "smb":
        return Target("smb", spec, display)
    if base_scheme in SQL_SCHEMES and "://" in spec:
        return Target("database", spec, display)
    if "://" in spec:
        raise TargetError(f"{display}: unknown scheme '{scheme}'")
    return Target("files", spec, display)
