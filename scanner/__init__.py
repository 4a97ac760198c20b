"""Leidur: finds personal data in files, databases and mailboxes and maps it to GDPR purposes."""

__version__ = "0.2.0"

from scanner import presidio_import as _presidio_import  # noqa: E402

_presidio_import.install()  # Presidio's unused predefined regexes are not compiled at import (see there)
