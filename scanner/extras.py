"""Optional libraries: which extra installs each, and the one message a missing one becomes.

A core install (`pip install leidur`) reads text in any encoding, CSV, JSON,
XML, HTML, logs, e-mail (.eml, mbox, Maildir), Word and OpenDocument text and
slides (.docx, .pptx, .odt, .odp), zip, tar, gzip, bzip2 and xz archives and
SQLite files, scans folders, mailboxes, IMAP and SQLite databases, and checks
the rulebook. What needs a library beyond that is an extra, named in `EXTRAS`
and in pyproject.toml (tests/test_extras.py keeps the two and the imports in step).

Readers and sources import their optional library where they use it. A
ModuleNotFoundError for one of them becomes "needs the 'pdf' extra (pypdfium2
is not installed): pip install 'leidur[pdf]'" through `missing_library()`, at
the few places that turn exceptions into messages: `scanner.extractors.describe`
(every errors.csv row), `scanner.sources.open_source` and the database driver
check (a target: a usage error), the state store, and `require()` for --ocr.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Optional

from scanner.targets import TargetError


@dataclass(frozen=True)
class Extra:
    name: str
    modules: tuple[str, ...]  # the top-level modules Leidur imports from it (or SQLAlchemy does, for drivers)


EXTRAS: tuple[Extra, ...] = (
    Extra("pdf", ("pypdfium2",)),  # PDF text layers
    Extra("office", ("python_calamine", "striprtf", "olefile", "extract_msg")),  # .xlsx .ods .xls, .rtf, Outlook .msg
    Extra("archives", ("py7zr",)),  # 7z
    Extra("smb", ("smbclient", "smbprotocol")),  # smb:// targets
    Extra("postgres", ("psycopg",)),  # postgresql:// targets and state stores
    Extra("mysql", ("pymysql",)),  # mysql+pymysql:// targets
    Extra("ocr", ("PIL",)),  # --ocr (Tesseract itself is a system package)
    Extra("fast", ("hyperscan",)),
    Extra("cluster", ("dask", "distributed")),  # --scheduler: scans on a Dask cluster  # one compiled pass for all prefilters; without it Python's re does the same
)

# Drivers SQLAlchemy chooses for a URL without `+driver` that no extra installs: what to write instead.
OTHER_DRIVERS: dict[str, tuple[str, str]] = {
    "MySQLdb": ("mysql", "write the URL as mysql+pymysql://..."),
    "psycopg2": ("postgres", "write the URL as postgresql+psycopg://..."),
}


class MissingExtra(TargetError):
    """A target or option needs an extra that is not installed (a usage error: exit 2)."""


def install_command(extra: str) -> str:
    return f"pip install 'leidur[{extra}]'"


def extra_of(module: str) -> Optional[Extra]:
    """The extra that installs a module (a dotted name is looked up by its top-level package)."""
    top = module.partition(".")[0]
    return next((extra for extra in EXTRAS if top in extra.modules), None)


def missing_library(exc: BaseException) -> Optional[str]:
    """The message for an exception that says an optional library is not installed, else None."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    top = exc.name.partition(".")[0]
    if top in OTHER_DRIVERS:
        extra, advice = OTHER_DRIVERS[top]
        return f"the {top} driver is not installed: {advice} and {install_command(extra)}"
    extra = extra_of(top)
    if extra is None:
        return None
    return f"needs the '{extra.name}' extra ({top} is not installed): {install_command(extra.name)}"


def refusal(what: str, exc: ModuleNotFoundError) -> MissingExtra:
    """The usage error for a target (or option) `what` whose library is missing."""
    return MissingExtra(f"{what}: {missing_library(exc) or f'the library {exc.name} is not installed'}")


def require(name: str, what: str) -> None:
    """Raise MissingExtra ("WHAT: needs the 'NAME' extra ...") unless every module of the extra can be imported."""
    extra = next(extra for extra in EXTRAS if extra.name == name)
    for module in extra.modules:
        if importlib.util.find_spec(module) is None:
            raise refusal(what, ModuleNotFoundError(name=module))
