"""What a file's name promises: a document named .docx whose bytes are no known format is an error, not noise."""
from __future__ import annotations

import os

# Extensions of formats Leidur reads whose content always starts with a known magic number.
PROMISED = {
    ".docx": "Word", ".docm": "Word", ".xlsx": "Excel", ".xlsm": "Excel", ".pptx": "PowerPoint",
    ".odt": "OpenDocument", ".ods": "OpenDocument", ".odp": "OpenDocument", ".pdf": "PDF",
    ".zip": "zip", ".7z": "7z", ".gz": "gzip", ".tgz": "gzip", ".bz2": "bzip2", ".xz": "xz",
    ".doc": "Word", ".xls": "Excel", ".msg": "Outlook", ".rtf": "RTF",
}


def broken_promise(name: str) -> str | None:
    """The reason to report when bytes that match no format carry a document's extension."""
    extension = os.path.splitext(name.lower())[1]
    kind = PROMISED.get(extension)
    if kind is None:
        return None
    return f"named like a {kind} file ({extension}) but its content is no known format: corrupt or not what its name says"
