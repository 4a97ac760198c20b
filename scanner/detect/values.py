"""What Leidur keeps of a detected value: a normalised form for hashing and a masked sample.

Normalisation makes different written forms of one identifier hash alike
(`+372 5123 4567` and `51234567`; `EE38 2200 ...` and `ee382200...`), so a
subject-access search finds every place. Masks keep enough to recognise the
kind of value and never the whole value.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import re

_NON_DIGITS = re.compile(r"\D")
_DOCUMENT_AND_ORGANISATION_CODES = frozenset({
    "EE_PASSPORT_NUMBER", "EE_ID_CARD_NUMBER", "EE_DRIVING_LICENCE_NUMBER", "EE_REGISTRY_CODE", "EE_VAT_NUMBER",
})
_SPACES = re.compile(r"[\s-]")
# ASCII digits and dots: an IPv4 address that `ipaddress` accepts is written in its canonical form
# already, and one it refuses (a leading zero, 256, three parts) stays as it is: either way the
# value itself, without the module's parse and format (3 µs).
_DIGITS_AND_DOTS = re.compile(r"[0-9.]+")


@functools.lru_cache(maxsize=65536)
def _phone_e164(value: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "EE")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return "+" + _NON_DIGITS.sub("", value)


def normalize(entity_type: str, value: str) -> str:
    """The canonical form of `value` used for fingerprints and subject searches."""
    if entity_type == "EE_PERSONAL_CODE":
        digits = _NON_DIGITS.sub("", value)
        return digits[-11:]
    if entity_type == "EMAIL_ADDRESS":
        return value.strip().casefold()
    if entity_type == "PHONE_NUMBER":
        return _phone_e164(value)
    if entity_type in ("IBAN_CODE", "CREDIT_CARD") or entity_type in _DOCUMENT_AND_ORGANISATION_CODES:
        return _SPACES.sub("", value).upper()
    if entity_type == "PERSON":
        from scanner.recognizers.person_name import name_key

        # "Mari Tammele" and "Mari Tamm" are one person: inflected surnames hash in base form.
        return name_key(" ".join(value.split()))
    if entity_type == "IP_ADDRESS":
        value = value.strip()
        if _DIGITS_AND_DOTS.fullmatch(value):
            return value
        import ipaddress

        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            return value.lower()
    return " ".join(value.split()).casefold()


def fingerprint(key: bytes, entity_type: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256, 128 bits shown) of the normalised value."""
    message = f"{entity_type}\x00{normalize(entity_type, value)}".encode("utf-8")
    keyed = _keyed(key).copy()
    keyed.update(message)
    return keyed.hexdigest()[:32]


@functools.lru_cache(maxsize=8)
def _keyed(key: bytes) -> hmac.HMAC:
    """An HMAC-SHA256 object holding `key` alone, copied for each message: a one-shot `hmac.digest()`
    sets the key up again each time, and OpenSSL 3 looks the digest up by name each time (1.8 against
    1.2 µs per value, pure Python)."""
    return hmac.new(key, digestmod=hashlib.sha256)


def _keep_ends(value: str, head: int, tail: int) -> str:
    chars = list(value)
    visible = 0
    for i, ch in enumerate(chars):
        if ch.isalnum():
            if visible >= head:
                chars[i] = "*"
            visible += 1
    if tail:
        shown = 0
        for i in range(len(chars) - 1, -1, -1):
            if value[i].isalnum():
                if shown >= tail:
                    break
                chars[i] = value[i]
                shown += 1
    return "".join(chars)


def mask(entity_type: str, value: str) -> str:
    """A sample safe to show in reports: never the whole value."""
    value = value.strip()
    if entity_type == "EE_PERSONAL_CODE":
        digits = _NON_DIGITS.sub("", value)[-11:]
        return digits[:7] + "****"
    if entity_type == "EMAIL_ADDRESS":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if entity_type == "PHONE_NUMBER":
        return _keep_ends(value, 4 if value.startswith("+") else 1, 2)
    if entity_type == "IBAN_CODE":
        return _keep_ends(value, 4, 4)
    if entity_type == "CREDIT_CARD":
        return _keep_ends(value, 0, 4)
    if entity_type == "IP_ADDRESS":
        if ":" in value:
            return ":".join(value.split(":")[:2]) + ":****"
        return ".".join(value.split(".")[:2]) + ".*.*"
    if entity_type in ("PERSON", "LOCATION"):
        return " ".join(word[:1] + "***" for word in value.split())
    if entity_type in _DOCUMENT_AND_ORGANISATION_CODES:
        return _keep_ends(value, 2 if entity_type == "EE_VAT_NUMBER" else 1, 2)
    if entity_type.startswith("SPECIAL_CATEGORY_"):
        # The keyword that signalled the category, cut short: enough to see why, not the sentence.
        word = value.split()[0].lower() if value.split() else value
        return word[:5] + "…"
    # Anything else: keep a third of the characters at most, from the start.
    keep = min(len(value) // 3, 4)
    return value[:keep] + "*" * max(len(value) - keep, 3)
