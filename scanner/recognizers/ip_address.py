"""IP addresses, v4 and v6; version strings (v1.2.3.4, "versioon 10.2.0.1") are not addresses."""
from __future__ import annotations

import ipaddress
import re

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_SMALL_PARTS = re.compile(r"\d\.\d\.\d\.\d$")
_IP_WORD = re.compile(r"\bip\b|address|aadress|host|server|dns|gateway|lüüs", re.IGNORECASE)


def _is_netmask(address) -> bool:
    """255.255.255.0, ffff:ffff:ffff:ffff:: — ones then zeros, starting with a one."""
    bits = f"{int(address):0{address.max_prefixlen}b}"
    return bits.startswith("1") and "01" not in bits


class IpAddressRecognizer(LeidurPatternRecognizer):
    ENTITY = "IP_ADDRESS"
    PATTERNS = [
        # A colon may stand before it ("ip:10.0.0.1", "client:..."); as the tail of an IPv6 address
        # ("::ffff:10.0.0.1") it lies inside the IPv6 match and is dropped as contained.
        Pattern("IPv4", r"(?<![\w./-])" + r"\.".join([_OCTET] * 4) + r"(?![\w-]|\.\d)", 0.6),
        # Any run of hex groups and colons (with "::" anywhere); `ipaddress` decides what is an address,
        # so clock times (12:30:45) and MAC addresses fail the check. A full stop may end the sentence after it.
        Pattern("IPv6", r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:]|\.\d)", 0.6),
    ]
    CONTEXT = ["ip", "ip-aadress", "address", "aadress", "host", "client", "klient", "remote", "login"]
    # IPv4 dots, or IPv6: "::" or three colon-separated groups (times like 10:12:07 have two).
    PREFILTER = r"\d\.\d{1,3}\.\d|::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"
    # An IPv6 address check() accepts has "::" or eight groups: a log line's clock times never
    # let the IPv6 pattern count (tests/test_fast_patterns.py).
    VALID_CONTAINS = {"IPv6": r"::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"}
    WINDOW = 80
    _VERSION_BEFORE = re.compile(r"\b(?:v|version|versioon|ver\.?|release|build)\s*$", re.IGNORECASE)  # not "server"

    def check(self, matched_text: str) -> bool:
        try:
            address = ipaddress.ip_address(matched_text)
        except ValueError:
            return False
        if address.is_unspecified or address.is_loopback or _is_netmask(address):
            return False  # 0.0.0.0, ::, 127.0.0.1, ::1, 255.255.255.0 name no one's machine
        # An IPv6 address needs at least three groups or a '::'.
        return address.version == 4 or matched_text.count(":") >= 2

    def accept(self, text: str, start: int, end: int) -> bool:
        return (
            not self._VERSION_BEFORE.search(text[max(0, start - 12):start])
            # "1.7.4.2" in a changelog: single-digit parts are a version unless an IP word is near.
            and not (_SMALL_PARTS.match(text[start:end]) and not _IP_WORD.search(text[max(0, start - 30):start]))
        )
