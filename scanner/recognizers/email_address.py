"""E-mail addresses, validated against the public-suffix snapshot bundled with tldextract (offline)."""
from __future__ import annotations

import functools

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from scanner.recognizers.base import LeidurPatternRecognizer


@functools.lru_cache(maxsize=1)
def _offline_tldextract():
    import tldextract

    # No suffix-list URLs and no cache directory: the bundled snapshot only, never a fetch.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class EmailAddressRecognizer(LeidurPatternRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = [Pattern("email", EmailRecognizer.PATTERNS[0].regex, 0.75)]
    CONTEXT = ["email", "e-mail", "e-post", "epost", "meil", "mail", "kontakt"]
    PREFILTER = r"[\w.+-]@[\w-]"
    WINDOW = 160

    def check(self, matched_text: str) -> bool:
        return _offline_tldextract()(matched_text.rsplit("@", 1)[-1]).suffix != ""
