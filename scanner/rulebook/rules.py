"""Reading rule files: a Rule per entry, and a Problem (file, line, message) for every mistake."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from scanner.rulebook import taxonomy
from scanner.rulebook.retention import TRIGGERS, Duration, DurationError, Retention
from scanner.rulebook.yamlines import LineDict, LineList, load

FILE_KEYS = {"rules", "categories", "entity_types", "settings", "extends"}
RULE_KEYS = {"id", "description", "match", "data_category", "purpose", "legal_basis", "data_subjects",
             "recipients", "retention", "personal", "priority"}
MATCH_KEYS = {"source", "source_type", "location", "entity_types"}
RETENTION_KEYS = {"period", "trigger", "citation"}
SETTINGS_KEYS = {"financial_year_end"}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Rule:
    id: str
    file: str = ""
    line: int = 0
    description: str = ""
    sources: list[str] = field(default_factory=list)
    source_types: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    entity_types: list[str] = field(default_factory=list)
    data_category: str = ""  # overrides the entity type's category
    data_use: str = ""
    purpose: str = ""
    legal_basis: list[str] = field(default_factory=list)
    data_subjects: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    retention: Optional[Retention] = None
    personal: bool = True
    priority: int = 0
    location_patterns: list[re.Pattern] = field(default_factory=list, repr=False)

    @property
    def allows_special_categories(self) -> bool:
        return any(basis.startswith("Art. 9(2)") for basis in self.legal_basis)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def match_key(self) -> tuple:
        """Rules with equal keys match exactly the same rows."""
        return (frozenset(self.sources), frozenset(self.source_types),
                frozenset(p.lower() for p in self.locations), frozenset(self.entity_types))


def glob_to_regex(pattern: str) -> re.Pattern:
    """`**` crosses `/` and `!` (folders, archive members); `*` and `?` stay within one path segment.

    The group `fixed` ends where the pattern's last fixed text matched: how deep into
    a location the pattern decides, which is what makes one rule more specific than another.
    """
    tokens: list[tuple[str, bool]] = []  # (regex, is fixed text)
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            tokens.append((r"(?:.*[/!])?", False))
            i += 3
        elif pattern.startswith("**", i):
            tokens.append((r".*", False))
            i += 2
        elif pattern[i] in "*?":
            tokens.append((r"[^/!]*" if pattern[i] == "*" else r"[^/!]", False))
            i += 1
        elif pattern[i] == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                raise ValueError(f"unclosed '[' in location pattern '{pattern}'")
            body = pattern[i + 1:end]
            tokens.append(("[" + ("^" + re.escape(body[1:]) if body[:1] == "!" else re.escape(body)) + "]", True))
            i = end + 1
        else:
            tokens.append((re.escape(pattern[i]), True))
            i += 1
    last_fixed = max((n for n, (_, fixed) in enumerate(tokens) if fixed), default=-1)
    head = "".join(t for t, _ in tokens[:last_fixed + 1])
    tail = "".join(t for t, _ in tokens[last_fixed + 1:])
    return re.compile(f"(?P<fixed>{head}){tail}\\Z", re.IGNORECASE | re.DOTALL)


def literal_length(pattern: str) -> int:
    """How much of a location pattern is fixed text: the longer, the more specific."""
    return len(re.sub(r"\*+|\?|\[[^\]]*\]", "", pattern))


class RuleFile:
    """One YAML file of the rulebook, read with every problem recorded instead of raised."""

    def __init__(self, path: Path, extra_entities: frozenset[str] = frozenset()):
        self.path = path
        self.name = str(path)
        self.rules: list[Rule] = []
        self.categories: dict[str, tuple[str, int]] = {}
        self.entity_types: set[str] = set()
        self.settings: dict = {}
        self.extends: bool = False
        self.problems: list[Problem] = []
        self._extra = extra_entities
        self._read()

    def problem(self, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.name, line, message, severity))

    def _read(self) -> None:
        try:
            data = load(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(0, f"cannot read: {exc}")
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            self.problem(mark.line + 1 if mark else 0, f"not valid YAML: {getattr(exc, 'problem', exc)}")
            return
        if data is None:
            return
        if not isinstance(data, LineDict):
            self.problem(1, "a rule file is a mapping with a 'rules' list")
            return
        self._unknown_keys(data, FILE_KEYS, "in a rule file")
        self.extends = data.get("extends") == "default"
        if "extends" in data and not self.extends:
            self.problem(data.line_of("extends"), "extends: only 'default' (the rulebook shipped with Leidur) is known")
        self.entity_types = {str(e) for e in data.get("entity_types") or []}
        self._read_settings(data)
        self._read_categories(data)
        rules = data.get("rules") or []
        if not isinstance(rules, LineList):
            self.problem(data.line_of("rules"), "'rules' must be a list of rules")
            return
        for entry in rules:
            if not isinstance(entry, LineDict):
                self.problem(rules.line, "each rule is a mapping with an id, match, purpose, ...")
                continue
            rule = self._read_rule(entry)
            if rule is not None:
                self.rules.append(rule)

    def _unknown_keys(self, data: LineDict, allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                hint = taxonomy.closest(str(key), frozenset(allowed))
                self.problem(data.line_of(key), f"unknown key '{key}' {where}{hint}")

    def _read_settings(self, data: LineDict) -> None:
        settings = data.get("settings") or LineDict()
        if not isinstance(settings, LineDict):
            self.problem(data.line_of("settings"), "'settings' must be a mapping")
            return
        self._unknown_keys(settings, SETTINGS_KEYS, "in settings")
        if "financial_year_end" in settings:
            text = str(settings["financial_year_end"])
            match = re.fullmatch(r"(\d\d)-(\d\d)", text)
            if not match or not (1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31):
                self.problem(settings.line_of("financial_year_end"),
                             f"financial_year_end '{text}' must be MM-DD, e.g. '12-31'")
            else:
                self.settings["financial_year_end"] = (int(match[1]), int(match[2]))

    def _read_categories(self, data: LineDict) -> None:
        categories = data.get("categories") or LineDict()
        if not isinstance(categories, LineDict):
            self.problem(data.line_of("categories"), "'categories' maps an entity type to a data category")
            return
        for entity, category in categories.items():
            line = categories.line_of(entity)
            if not self._entity_ok(str(entity)):
                self.problem(line, f"unknown entity type '{entity}'")
            if self._category_ok(str(category), line):
                self.categories[str(entity)] = (str(category), line)

    def _entity_ok(self, entity: str) -> bool:
        return taxonomy.entity_pattern_can_match(entity, self._extra | frozenset(self.entity_types))

    def _category_ok(self, category: str, line: int) -> bool:
        names = taxonomy.data_categories()
        if category not in names:
            self.problem(line, f"unknown data category '{category}' (not in fideslang's taxonomy)"
                               f"{taxonomy.closest(category, names)}")
            return False
        return True

    def _list(self, data: LineDict, key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, (str, int)):
            return [str(value)]
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return [str(v) for v in value]
        self.problem(data.line_of(key), f"'{key}' must be a text or a list of texts")
        return []

    def _read_rule(self, entry: LineDict) -> Optional[Rule]:
        self._unknown_keys(entry, RULE_KEYS, "in a rule")
        rule_id = entry.get("id")
        if not rule_id or not isinstance(rule_id, str):
            self.problem(entry.line, "a rule needs an 'id' (a short name such as accounting-records)")
            return None
        rule = Rule(id=rule_id, file=self.name, line=entry.line, description=str(entry.get("description") or ""))
        rule.personal = entry.get("personal", True) is not False
        rule.priority = entry.get("priority", 0)
        if not isinstance(rule.priority, int) or isinstance(rule.priority, bool):
            self.problem(entry.line_of("priority"), f"priority must be a whole number, not '{rule.priority}'")
            rule.priority = 0
        self._read_match(entry, rule)
        self._read_purpose(entry, rule)
        self._read_retention(entry, rule)
        return rule

    def _read_match(self, entry: LineDict, rule: Rule) -> None:
        match = entry.get("match")
        if not isinstance(match, LineDict) or not match:
            self.problem(entry.line_of("match"), f"rule '{rule.id}' needs a 'match' with at least one of "
                                                 "location, entity_types, source, source_type (location: '**' matches all)")
            return
        self._unknown_keys(match, MATCH_KEYS, "in match")
        rule.sources = self._list(match, "source")
        rule.source_types = self._list(match, "source_type")
        rule.locations = self._list(match, "location")
        rule.entity_types = self._list(match, "entity_types")
        for source_type in rule.source_types:
            if source_type not in taxonomy.SOURCE_TYPES:
                self.problem(match.line_of("source_type"), f"rule '{rule.id}' can never match: no source is of type "
                             f"'{source_type}' (types: {', '.join(sorted(taxonomy.SOURCE_TYPES))})")
        for pattern in rule.locations:
            try:
                rule.location_patterns.append(glob_to_regex(pattern))
            except ValueError as exc:
                self.problem(match.line_of("location"), f"rule '{rule.id}' can never match: {exc}")
        for entity in rule.entity_types:
            if not self._entity_ok(entity):
                self.problem(match.line_of("entity_types"), f"rule '{rule.id}' can never match entity type "
                             f"'{entity}': no recogniser reports it (list a plugin's types under 'entity_types:')")

    def _read_purpose(self, entry: LineDict, rule: Rule) -> None:
        purpose = entry.get("purpose")
        if isinstance(purpose, LineDict):
            self._unknown_keys(purpose, {"data_use", "description"}, "in purpose")
            rule.data_use = str(purpose.get("data_use") or "")
            rule.purpose = str(purpose.get("description") or "")
        elif purpose is not None:
            rule.purpose = str(purpose)
        line = entry.line_of("purpose")
        if rule.data_use and rule.data_use not in taxonomy.data_uses():
            self.problem(line, f"unknown data use '{rule.data_use}' (not in fideslang's taxonomy)"
                               f"{taxonomy.closest(rule.data_use, taxonomy.data_uses())}")
        if "data_category" in entry:
            rule.data_category = str(entry["data_category"])
            self._category_ok(rule.data_category, entry.line_of("data_category"))
        rule.legal_basis = self._list(entry, "legal_basis")
        for basis in rule.legal_basis:
            if not taxonomy.LEGAL_BASIS.match(basis):
                self.problem(entry.line_of("legal_basis"), f"legal basis '{basis}' not understood: {taxonomy.LEGAL_BASIS_HELP}")
        rule.data_subjects = self._list(entry, "data_subjects")
        for subject in rule.data_subjects:
            if subject not in taxonomy.data_subjects():
                self.problem(entry.line_of("data_subjects"), f"unknown data subject '{subject}' (fideslang: "
                             f"{', '.join(sorted(taxonomy.data_subjects()))})")
        rule.recipients = self._list(entry, "recipients")
        if not rule.personal:
            return
        if not rule.data_use or not rule.purpose:
            self.problem(line, f"rule '{rule.id}' needs a purpose with a data_use (fideslang) and a description")
        if not rule.legal_basis:
            self.problem(entry.line, f"rule '{rule.id}' needs a legal_basis ({taxonomy.LEGAL_BASIS_HELP})")
        special = [e for e in rule.entity_types if taxonomy.is_special_category(e)]
        if special and rule.legal_basis and not any(b.startswith("Art. 9(2)") for b in rule.legal_basis):
            self.problem(entry.line_of("legal_basis"), f"rule '{rule.id}' covers special categories "
                         f"({', '.join(special)}): it also needs an Art. 9(2) condition")

    def _read_retention(self, entry: LineDict, rule: Rule) -> None:
        retention = entry.get("retention")
        if retention is None:
            if rule.personal:
                self.problem(entry.line, f"rule '{rule.id}' has no retention: its rows will say 'unknown'", "warning")
            return
        if not isinstance(retention, LineDict):
            self.problem(entry.line_of("retention"), "retention is a mapping: period (ISO 8601 such as P7Y), trigger, citation")
            return
        self._unknown_keys(retention, RETENTION_KEYS, "in retention")
        period = None
        if retention.get("period") not in (None, "while_needed"):
            try:
                period = Duration.parse(str(retention["period"]))
            except DurationError as exc:
                self.problem(retention.line_of("period"), f"bad retention period: {exc}")
                return
        trigger = str(retention.get("trigger") or "modified")
        if trigger not in TRIGGERS:
            self.problem(retention.line_of("trigger"), f"unknown retention trigger '{trigger}' "
                         f"(one of: {', '.join(TRIGGERS)})")
            return
        rule.retention = Retention(period, trigger, str(retention.get("citation") or ""))


def shadowed(rules: list[Rule]) -> list[Problem]:
    """A rule that matches exactly what another rule matches, and loses to it, never wins: say so."""
    groups: dict[tuple, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule.match_key(), []).append(rule)
    problems = []
    for group in groups.values():
        winner = max(group, key=lambda r: r.priority)  # max() keeps the first of equals: the rule read first
        for rule in group:
            if rule is not winner:
                problems.append(Problem(rule.file, rule.line, f"rule '{rule.id}' can never match: rule '{winner.id}' "
                                        f"({winner.where}) matches the same findings and wins"))
    return problems


def entity_matches(pattern: str, entity: str) -> bool:
    return fnmatch.fnmatchcase(entity, pattern)
