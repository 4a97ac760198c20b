"""The rulebook maps an inventory row (location × entity type) to purpose, legal basis and retention.

Rules are data in `rules/*.yaml` (see rules/README.md). Until a rule matches,
a row says `UNMAPPED`, so the DPO sees exactly what the rulebook does not cover.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Iterable

from scanner.models import InventoryRow


def default_rules_dir() -> Path:
    """`rules/` beside the package in a checkout, else the installed `leidur_rules` package."""
    checkout = Path(__file__).resolve().parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    import importlib.resources

    return Path(str(importlib.resources.files("leidur_rules")))


class RulebookError(ValueError):
    """A rulebook that cannot be used; the message names the file and line."""


class Rulebook:
    def __init__(self, rules: list | None = None):
        self.rules = rules or []

    @classmethod
    def load(cls, directories: Iterable[Path]) -> "Rulebook":
        return cls([])

    def apply(self, rows: Iterable[InventoryRow], now: datetime) -> None:
        for row in rows:
            row.rule_id = "UNMAPPED"
            row.retention_status = "unknown"
