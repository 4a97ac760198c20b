"""A recogniser that kills its process on `LEIDUR-PROBE-CRASH` and hangs on `LEIDUR-PROBE-STUCK`."""
from __future__ import annotations

import os
import time

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer


class MisbehavingRecognizer(LeidurPatternRecognizer):
    ENTITY = "PROBE_MARKER"
    PATTERNS = [Pattern("probe marker", r"LEIDUR-PROBE-(?:CRASH|STUCK)", 0.9)]
    PREFILTER = r"LEIDUR-PROBE-"

    def check(self, matched_text: str) -> bool:
        if matched_text.endswith("CRASH"):
            os._exit(3)  # what a segfault in a native library looks like
        time.sleep(3600)  # what a parser caught in an endless loop looks like
        return True
