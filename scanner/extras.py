"""Optional libraries: which extra installs each, and the one message a missing one becomes.

A core install (`pip install leidur`) reads text in any encoding, CSV, JSON,
XML, HTML, logs, e-mail (.eml, mbox, Maildir), Word and OpenDocument text and
slides (.docx, .pptx, .odt, .odp), zip, tar, gzip, bzip2 and xz archives and
SQLite files, and scans folders, mailboxes, IMAP and SQLite databases. What
needs a library beyond that is an extra, named in `EXTRAS` and in
pyproject.toml (a test keeps the two in step).

Readers and sources import their optional library where they use it. A
ModuleNotFoundError for one of those libraries is turned into "needs the 'pdf'
extra: pip install 'leidur[pdf]'" by `missing_library()`, at the few places
that turn exceptions into messages: `scanner.extractors.describe` (every
errors.csv row), `scanner.sources.open_source` and the database driver check
(a target: a usage error), the state store, and `require()` for options.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Optional

from scanner.targets import TargetError


@dataclass(frozen=True)
class Extra:
    name: str
    brings: str  # what the extra lets Leidur read, in the user's words
    modules: tuple[str, ...]  # the top-level modules Leidur imports from it


EXTRAS: tuple[Extra, ...] = (
    Extra("pdf", "PDF files", ("pypdfium2",)),
    Extra("office", "spreadsheets (.xlsx, .xlsm, .ods, .xls), RTF and Outlook .msg files",
          ("python_calamine", "striprtf", "olefile", "extract_msg")),
    Extra("archives", "7z archives", ("py7zr",)),
    Extra("smb", "SMB shares (smb://)", ("smbclient", "smbprotocol")),
    Extra("postgres", "PostgreSQL databases and state stores (postgresql://)", ("psycopg",)),
    Extra("mysql", "MariaDB and MySQL databases (mysql+pymysql://)", ("pymysql",)),
    Extra("ocr", "text in images and scanned PDF pages (--ocr; Tesseract must be installed too)", ("PIL",)),
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
    return f"reading {extra.brings} needs the '{extra.name}' extra ({top} is not installed): {install_command(extra.name)}"


def require(name: str) -> None:
    """Raise MissingExtra unless every module of the extra `name` can be imported."""
    extra = next(extra for extra in EXTRAS if extra.name == name)
    for module in extra.modules:
        if importlib.util.find_spec(module) is None:
            raise MissingExtra(missing_library(ModuleNotFoundError(name=module)) or module)
