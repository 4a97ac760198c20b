"""Names a rule may use: fideslang's default taxonomy (read offline), GDPR legal bases, known entity types."""
from __future__ import annotations

import fnmatch
import hashlib
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

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


# fideslang builds its taxonomy as pydantic models: importing it costs a quarter of a second of
# every scan's start. The three lists of names a rulebook is checked against are kept here as
# they are in one release of fideslang (fideslang_keys.json), and used while the installed
# fideslang's taxonomy sources are byte for byte those of that release; otherwise they are read
# from fideslang itself (a stale snapshot only costs that import). `write_snapshot()` writes the
# file anew for the installed fideslang.
SNAPSHOT = Path(__file__).with_name("fideslang_keys.json")
_KINDS = ("data_category", "data_use", "data_subject")


def taxonomy_digest() -> str | None:
    """SHA-256 of the installed fideslang's default-taxonomy sources, found without importing it."""
    spec = importlib.util.find_spec("fideslang")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "default_taxonomy"
    digest = hashlib.sha256()
    try:
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def live_keys() -> dict[str, frozenset[str]]:
    """The names in fideslang's default taxonomy, read from fideslang (bundled with it: no network)."""
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    return {kind: frozenset(item.fides_key for item in getattr(DEFAULT_TAXONOMY, kind)) for kind in _KINDS}


@lru_cache(maxsize=1)
def _keys() -> dict[str, frozenset[str]]:
    try:
        snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        snapshot = None
    if snapshot and snapshot.get("digest") == taxonomy_digest():
        return {kind: frozenset(snapshot[kind]) for kind in _KINDS}
    return live_keys()


def data_categories() -> frozenset[str]:
    return _keys()["data_category"]


def data_uses() -> frozenset[str]:
    return _keys()["data_use"]


def data_subjects() -> frozenset[str]:
    return _keys()["data_subject"]


def write_snapshot(path: Path = SNAPSHOT) -> None:
    from importlib.metadata import version

    keys = live_keys()
    data = {"fideslang": version("fideslang"), "digest": taxonomy_digest(),
            **{kind: sorted(keys[kind]) for kind in _KINDS}}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


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
