"""The rulebook maps an inventory row (location × entity type) to purpose, legal basis and retention.

Rules are data in `rules/*.yaml` (see rules/README.md). The most specific matching
rule wins; a row no rule matches says `UNMAPPED`, so the DPO sees exactly what
the rulebook does not yet cover.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Optional

from scanner.models import InventoryRow
from scanner.rulebook.taxonomy import is_special_category
from scanner.rulebook.rules import Problem, Rule, RuleFile, entity_matches, literal_length, shadowed

UNMAPPED = "UNMAPPED"


def default_rules_dir() -> Path:
    """`rules/` beside the package in a checkout, else the installed `leidur_rules` package."""
    checkout = Path(__file__).resolve().parent.parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    import importlib.resources

    return Path(str(importlib.resources.files("leidur_rules")))


class RulebookError(ValueError):
    """A rulebook that cannot be used; the message names the file and line of every mistake."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"the rulebook has {len(problems)} error(s); nothing was scanned:\n{lines}\n"
                         "  (check it with: leidur rules check DIR)")


@dataclass(frozen=True)
class Candidate:
    rule: Rule
    specificity: tuple
    pattern: str


def rule_files(directory: Path) -> list[Path]:
    """The rule files of a folder: its own *.yaml/*.yml (sub-folders such as recognizers/ are not rules)."""
    return sorted(p for p in Path(directory).glob("*.y*ml") if p.is_file() and p.suffix in (".yaml", ".yml"))


class Rulebook:
    def __init__(self, rules: Optional[list[Rule]] = None, categories: Optional[dict[str, str]] = None,
                 financial_year_end: tuple[int, int] = (12, 31), problems: Optional[list[Problem]] = None):
        self.rules = rules or []
        self.categories = categories or {}
        self.financial_year_end = financial_year_end
        self.problems = problems or []

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @classmethod
    def read(cls, directories: Iterable[Path]) -> "Rulebook":
        """Every rule file of every folder, in order; mistakes are collected in `problems`, not raised."""
        files = [path for directory in directories for path in rule_files(Path(directory))]
        extra = frozenset()
        for path in files:  # entity types declared anywhere count everywhere
            extra |= frozenset(RuleFile(path).entity_types)
        book = cls()
        seen: dict[str, Rule] = {}
        for path in files:
            rule_file = RuleFile(path, extra)
            book.problems += rule_file.problems
            book.categories.update({entity: category for entity, (category, _) in rule_file.categories.items()})
            book.financial_year_end = rule_file.settings.get("financial_year_end", book.financial_year_end)
            for rule in rule_file.rules:
                if rule.id in seen:
                    book.problems.append(Problem(rule.file, rule.line, f"rule id '{rule.id}' is already used at {seen[rule.id].where}"))
                    continue
                seen[rule.id] = rule
                book.rules.append(rule)
        book.problems += shadowed(book.rules)
        book.problems += book._uncategorised()
        return book

    @classmethod
    def load(cls, directories: Iterable[Path]) -> "Rulebook":
        """Like read(), but a rulebook with errors raises RulebookError: a scan must not start with it."""
        book = cls.read(directories)
        if book.errors:
            raise RulebookError(book.errors)
        return book

    @classmethod
    def for_scan(cls, extra_dirs: Iterable[Path]) -> "Rulebook":
        """The rulebook a scan uses: the default one, replaced by --rules folders that hold rule files
        (a DPO's edited copy) unless one of their files says `extends: default`."""
        own = [Path(d) for d in extra_dirs if rule_files(Path(d))]
        if own and not any(RuleFile(p).extends for d in own for p in rule_files(d)):
            return cls.load(own)
        return cls.load([default_rules_dir(), *own])

    def _uncategorised(self) -> list[Problem]:
        problems = []
        for rule in self.rules:
            if rule.personal and not rule.data_category:
                for entity in rule.entity_types:
                    if "*" not in entity and entity not in self.categories:
                        problems.append(Problem(rule.file, rule.line, f"rule '{rule.id}': no data category for "
                                                f"{entity} (add it under 'categories:' or give the rule a data_category)", "warning"))
        return problems

    def candidates(self, source: str, source_type: str, location: str, entity_type: str) -> list[Candidate]:
        """Every rule that matches, most specific first.

    Specificity, compared in this order: the rule's priority; how deep into the location
    its pattern decides (`**/Personal/**` fixes more of /srv/share/Personal/x than
    /srv/share/** does); how much fixed text the pattern has; whether it names the entity
    type (rather than a pattern of types or none); whether it names the source; then the
    rule read first."""
        found = []
        for order, rule in enumerate(self.rules):
            if rule.sources and not any(entity_matches(s, source) for s in rule.sources):
                continue
            if rule.source_types and source_type not in rule.source_types:
                continue
            if rule.entity_types and not any(entity_matches(e, entity_type) for e in rule.entity_types):
                continue
            if is_special_category(entity_type) and rule.personal and not rule.allows_special_categories:
                continue  # Art. 9 data needs an Art. 9(2) condition: a rule without one never covers it
            pattern, depth = "", -1
            if rule.locations:
                hits = [(m.end("fixed"), literal_length(p), p) for p, rx in zip(rule.locations, rule.location_patterns)
                        if (m := rx.match(location))]
                if not hits:
                    continue
                depth, _, pattern = max(hits)
            entity_score = 0 if not rule.entity_types else (2 if entity_type in rule.entity_types else 1)
            specificity = (rule.priority, depth, literal_length(pattern) if pattern else -1, entity_score,
                           bool(rule.sources) * 2 + bool(rule.source_types), -order)
            found.append(Candidate(rule, specificity, pattern))
        return sorted(found, key=lambda c: c.specificity, reverse=True)

    def category_for(self, rule: Rule, entity_type: str) -> str:
        return rule.data_category or self.categories.get(entity_type, "")

    def apply_one(self, row: InventoryRow, now: datetime) -> Optional[Rule]:
        found = self.candidates(row.source, row.source_type, row.location, row.entity_type)
        if not found:
            row.rule_id, row.data_category, row.purpose, row.legal_basis = UNMAPPED, "", "", ""
            row.retention, row.retention_status, row.retention_until = "", "unknown", None
            row.extra["data_use"] = ""
            return None
        rule = found[0].rule
        row.rule_id = rule.id
        row.purpose = rule.purpose
        row.extra["data_use"] = rule.data_use
        row.legal_basis = ", ".join(rule.legal_basis)
        if not rule.personal:
            row.data_category, row.retention, row.retention_status, row.retention_until = "", "", "n/a", None
            return rule
        row.data_category = self.category_for(rule, row.entity_type)
        row.retention = rule.retention.describe() if rule.retention else ""
        if rule.retention is None:
            row.retention_status, row.retention_until = "unknown", None
        else:
            row.retention_status, row.retention_until = rule.retention.status(
                row.item_modified, row.item_created, now, self.financial_year_end)
        return rule

    def apply(self, rows: Iterable[InventoryRow], now: datetime) -> None:
        for row in rows:
            self.apply_one(row, now)

    def rule(self, rule_id: str) -> Optional[Rule]:
        return next((r for r in self.rules if r.id == rule_id), None)
