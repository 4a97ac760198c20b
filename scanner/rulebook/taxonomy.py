"""Names a rule may use: fideslang's default taxonomy (read offline), GDPR legal bases, known entity types."""
from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

# Entity types Leidur's recognisers report. Rules naming anything else can never match,
# unless a rulebook lists the extra type under `entity_types:` (a plugin's recogniser).
KNOWN_ENTITY_TYPES = frozenset({
    "EE_PERSONAL_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS",
    "PERSON", "LOCATION", "EE_PASSPORT_NUMBER", "EE_DRIVING_LICENCE_NUMBER", "EE_ID_CARD_NUMBER",
    "EE_REGISTRY_CODE", "EE_VAT_NUMBER",
})
# Art. 9 signals come as SPECIAL_CATEGORY_<KIND>; new kinds may be added by recognisers.
SPECIAL_CATEGORY_PREFIX = "SPECIAL_CATEGORY_"
SOURCE_TYPES = frozenset({"files", "database", "mbox", "maildir", "imap", "smb"})

LEGAL_BASIS = re.compile(r"^Art\. (6\(1\)\([a-f]\)|9\(2\)\([a-j]\))$")
LEGAL_BASIS_HELP = "write 'Art. 6(1)(a)' … 'Art. 6(1)(f)', or 'Art. 9(2)(a)' … 'Art. 9(2)(j)' for special categories"


@lru_cache(maxsize=1)
def _default_taxonomy():
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY  # bundled with the package: no network

    return DEFAULT_TAXONOMY


@lru_cache(maxsize=1)
def data_categories() -> frozenset[str]:
    return frozenset(c.fides_key for c in _default_taxonomy().data_category)


@lru_cache(maxsize=1)
def data_uses() -> frozenset[str]:
    return frozenset(u.fides_key for u in _default_taxonomy().data_use)


@lru_cache(maxsize=1)
def data_subjects() -> frozenset[str]:
    return frozenset(s.fides_key for s in _default_taxonomy().data_subject)


def closest(name: str, names: frozenset[str]) -> str:
    """A 'did you mean' hint for a misspelt taxonomy name."""
    import difflib

    found = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    return f" (did you mean '{found[0]}'?)" if found else ""


def entity_pattern_can_match(pattern: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a rule's entity type (possibly a glob like SPECIAL_CATEGORY_*) names a type that exists."""
    known = KNOWN_ENTITY_TYPES | extra
    if any(fnmatch.fnmatchcase(name, pattern) for name in known):
        return True
    if pattern.startswith(SPECIAL_CATEGORY_PREFIX):
        return len(pattern) > len(SPECIAL_CATEGORY_PREFIX)
    return False


def is_special_category(entity_type: str) -> bool:
    return entity_type.startswith(SPECIAL_CATEGORY_PREFIX)
