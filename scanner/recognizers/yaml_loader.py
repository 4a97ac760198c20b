"""YAML recognisers in Presidio's format (plus Leidur's prefilter keys), read and validated.

A file holds `recognizers:`, a list of mappings with Presidio's keys
(`name`, `supported_entity`, `supported_language`, `patterns` of
`name`/`regex`/`score`, `context`, `deny_list`, `deny_list_score`, `enabled`)
and Leidur's (`prefilter`, `keywords`, `window`). Every problem is reported
with the file, the recogniser and the field, never as a traceback.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import regex
import yaml
from presidio_analyzer import Pattern

from scanner.recognizers.base import LANGUAGE, LeidurPatternRecognizer
from scanner.recognizers.regex_safety import prefilter_problem, regex_problem

FILE_KEYS = {"recognizers", "supported_languages"}
RECOGNIZER_KEYS = {
    "name", "supported_entity", "supported_entities", "supported_language", "supported_languages",
    "patterns", "context", "deny_list", "deny_list_score", "enabled", "type", "description",
    "prefilter", "keywords", "window",
}
PATTERN_KEYS = {"name", "regex", "score"}
# Leidur analyses Estonian and English text together under one Presidio language (base.LANGUAGE).
ACCEPTED_LANGUAGES = ("en", "et")
_ENTITY = re.compile(r"[A-Z][A-Z0-9_]*$")


class YamlPatternRecognizer(LeidurPatternRecognizer):
    """A pattern recogniser described by a YAML file; its prefilter comes from the file too."""

    # Presidio's recogniser format matches case-insensitively; YAML authors expect that.
    REGEX_FLAGS = LeidurPatternRecognizer.REGEX_FLAGS | regex.IGNORECASE

    def __init__(self, spec: "RecognizerSpec"):
        self.ENTITY = spec.entity
        self.PATTERNS = [Pattern(p["name"], p["regex"], float(p["score"])) for p in spec.patterns]
        self.CONTEXT = list(spec.context)
        self.PREFILTER = spec.prefilter
        # Deny-list words are their own cheapest evidence.
        self.KEYWORDS = tuple(dict.fromkeys([*spec.keywords, *(w.lower() for w in spec.deny_list)]))
        self.WINDOW = spec.window
        extra = {"deny_list": list(spec.deny_list)} if spec.deny_list else {}
        if spec.deny_list_score is not None:
            extra["deny_list_score"] = spec.deny_list_score
        super().__init__(name=spec.name, **extra)


@dataclass
class RecognizerSpec:
    """One validated YAML recogniser."""

    name: str
    entity: str
    languages: tuple[str, ...]
    patterns: list[dict]
    context: list[str]
    deny_list: list[str]
    deny_list_score: Optional[float]
    prefilter: Optional[str]
    keywords: list[str]
    window: int
    enabled: bool
    path: Path

    def build(self) -> YamlPatternRecognizer:
        return YamlPatternRecognizer(self)


class YamlProblem(ValueError):
    """A file, recogniser and field that cannot be used, and why."""

    def __init__(self, path: Path, field: str, message: str, name: str = ""):
        self.path, self.name = path, name
        self.detail = f"{field}: {message}" if field else message
        super().__init__(f"{path}: " + (f"recogniser {name!r}: " if name else "") + self.detail)


def recognizer_files(rules_dir: Path) -> list[Path]:
    """The YAML recogniser files of one rules folder: `<rules>/recognizers/*.yaml` (and .yml)."""
    folder = Path(rules_dir) / "recognizers"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_file(path: Path) -> Iterator[RecognizerSpec | YamlProblem]:
    """Each recogniser of a file, validated, or the problem that stops it (a bad file: one problem)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        yield YamlProblem(path, "", f"cannot be read: {exc}")
        return
    except yaml.YAMLError as exc:
        yield YamlProblem(path, "", f"is not valid YAML: {' '.join(str(exc).split())}")
        return
    if not isinstance(document, dict) or not isinstance(document.get("recognizers"), list):
        yield YamlProblem(path, "", "must be a mapping with a `recognizers:` list (Presidio's recogniser format)")
        return
    unknown = _unknown_keys(document, FILE_KEYS)
    if unknown:
        yield YamlProblem(path, "", unknown)
        return
    for index, entry in enumerate(document["recognizers"]):
        try:
            yield parse_recognizer(entry, path, index)
        except YamlProblem as problem:
            yield problem


def parse_recognizer(entry: Any, path: Path, index: int) -> RecognizerSpec:
    where = f"recognizers[{index}]"
    if not isinstance(entry, dict):
        raise YamlProblem(path, where, "must be a mapping with name, supported_entity and patterns")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise YamlProblem(path, f"{where}.name", "is required (a short unique name, e.g. employee_id)")
    name = name.strip()

    def fail(field: str, message: str):
        raise YamlProblem(path, field, message, name)

    unknown = _unknown_keys(entry, RECOGNIZER_KEYS)
    if unknown:
        fail("keys", unknown)
    if entry.get("type", "custom") != "custom":
        fail("type", "only `custom` recognisers can be described in YAML; Presidio's predefined ones are not used")
    entity = _entity(entry, fail)
    languages = _languages(entry, fail)
    patterns = [_pattern(p, i, fail) for i, p in enumerate(_list(entry, "patterns", fail, of=dict))]
    deny_list = _list(entry, "deny_list", fail)
    if not patterns and not deny_list:
        fail("patterns", "give at least one pattern (name, regex, score) or a deny_list")
    deny_list_score = entry.get("deny_list_score")
    if deny_list_score is not None:
        _score(deny_list_score, "deny_list_score", fail)
    prefilter = entry.get("prefilter")
    if prefilter is not None:
        problem = prefilter_problem(prefilter)
        if problem:
            fail("prefilter", problem)
    window = entry.get("window", LeidurPatternRecognizer.WINDOW)
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 2000:
        fail("window", "must be a whole number of characters between 1 and 2000")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        fail("enabled", "must be true or false")
    return RecognizerSpec(
        name=name, entity=entity, languages=languages, patterns=patterns,
        context=_list(entry, "context", fail), deny_list=deny_list, deny_list_score=deny_list_score,
        prefilter=prefilter, keywords=[k.lower() for k in _list(entry, "keywords", fail)],
        window=window, enabled=enabled, path=path,
    )


def _unknown_keys(mapping: dict, allowed: set[str]) -> Optional[str]:
    unknown = [str(k) for k in mapping if k not in allowed]
    if not unknown:
        return None
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, sorted(allowed), n=1)
        hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return f"unknown key {', '.join(hints)}; allowed: {', '.join(sorted(allowed))}"


def _entity(entry: dict, fail) -> str:
    entity = entry.get("supported_entity")
    if entity is None and isinstance(entry.get("supported_entities"), list) and len(entry["supported_entities"]) == 1:
        entity = entry["supported_entities"][0]
    if not isinstance(entity, str) or not _ENTITY.match(entity):
        fail("supported_entity", "is required: one entity type in capitals, e.g. EMPLOYEE_ID")
    return entity


def _languages(entry: dict, fail) -> tuple[str, ...]:
    field = "supported_languages" if "supported_languages" in entry else "supported_language"
    value = entry.get(field, LANGUAGE)
    languages = value if isinstance(value, list) else [value]
    for language in languages:
        if language not in ACCEPTED_LANGUAGES:
            fail(field, f"{language!r} is not analysed by Leidur; use en or et (both are analysed together)")
    return tuple(languages)


def _list(entry: dict, field: str, fail, of: type = str) -> list:
    value = entry.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, of) and v != "" for v in value):
        fail(field, f"must be a list of {'mappings' if of is dict else 'non-empty strings'}")
    return value


def _score(value: Any, field: str, fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        fail(field, f"must be a number from 0 to 1, not {value!r}")
    return float(value)


def _pattern(pattern: dict, index: int, fail) -> dict:
    field = f"patterns[{index}]"
    unknown = _unknown_keys(pattern, PATTERN_KEYS)
    if unknown:
        fail(field, unknown)
    name = pattern.get("name") or f"pattern {index + 1}"
    field = f"patterns[{index}] ({name})"
    if "regex" not in pattern:
        fail(f"{field}.regex", "is required")
    problem = regex_problem(pattern["regex"])
    if problem:
        fail(f"{field}.regex", problem)
    if "score" not in pattern:
        fail(f"{field}.score", "is required (0 to 1; context words add to it)")
    return {"name": str(name), "regex": pattern["regex"], "score": _score(pattern["score"], f"{field}.score", fail)}
