"""IP addresses, v4 and v6; version strings (v1.2.3.4, "versioon 10.2.0.1") are not addresses."""
from __future__ import annotations

import ipaddress
import re

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"


class IpAddressRecognizer(LeidurPatternRecognizer):
    ENTITY = "IP_ADDRESS"
    PATTERNS = [
        Pattern("IPv4", r"(?<![\w.:/-])" + r"\.".join([_OCTET] * 4) + r"(?![\w-]|\.\d)", 0.6),
        Pattern("IPv6", r"(?<![\w:.])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*[0-9A-Fa-f](?![\w:])", 0.6),
    ]
    CONTEXT = ["ip", "ip-aadress", "address", "aadress", "host", "client", "klient", "remote", "login"]
    # IPv4 dots, or IPv6: "::" or three colon-separated groups (times like 10:12:07 have two).
    PREFILTER = r"\d\.\d{1,3}\.\d|::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"
    WINDOW = 80
    _VERSION_BEFORE = re.compile(r"(?:\bv|version|versioon|ver\.?|release|build)\s*$", re.IGNORECASE)

    def check(self, matched_text: str) -> bool:
        try:
            address = ipaddress.ip_address(matched_text)
        except ValueError:
            return False
        if address.version == 6:
            # Require a real-looking address: at least three groups or a '::'.
            return matched_text.count(":") >= 2 and not address.is_unspecified
        return not address.is_unspecified

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not self._VERSION_BEFORE.search(text[max(0, r.start - 12):r.start])]
