"""Leidur: finds personal data in files, databases and mailboxes and maps it to GDPR purposes."""

__version__ = "0.2.0"

import os as _os
import sys as _sys

from scanner import presidio_import as _presidio_import  # noqa: E402

_presidio_import.install()  # Presidio's unused predefined regexes are not compiled at import (see there)
if "numpy" not in _sys.modules:
    # numpy comes in with spaCy (through Presidio), and its OpenBLAS starts a thread per core at
    # import, each spinning for a while: CPU spent on linear algebra Leidur never does (its
    # parallelism is worker processes). An explicit setting is kept.
    _os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
