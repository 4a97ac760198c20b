"""A draft record of processing activities (GDPR Art. 30(1)) from the inventory: one section per purpose."""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from scanner.inventory.review import counts
from scanner.models import InventoryRow
from scanner.rulebook import UNMAPPED, Rulebook

TO_COMPLETE = "_to be completed by the controller_"
MAX_PLACES = 15


@dataclass
class Activity:
    """One processing activity: the rows of one purpose, and the rules that gave them that purpose."""

    purpose: str
    data_use: str
    legal_basis: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    recipients: set[str] = field(default_factory=set)
    categories: Counter = field(default_factory=Counter)
    retention: dict[str, set[str]] = field(default_factory=dict)  # retention → data categories
    places: Counter = field(default_factory=Counter)
    rules: set[str] = field(default_factory=set)
    overdue: int = 0


def place_of(row: InventoryRow) -> str:
    """Where data lives, one level above the value: a folder, a table, a mail folder."""
    location = row.location.split("!", 1)[0]
    if row.source_type == "database":
        return location.rsplit(".", 1)[0]
    if row.source_type in ("imap", "mbox", "maildir"):
        return re.sub(r"/<[^/]*>$", "", location)
    return os.path.dirname(location) or location


def activities(rows: Iterable[InventoryRow], book: Rulebook) -> tuple[list[Activity], list[InventoryRow]]:
    """Personal-data rows grouped by purpose, and the rows no rule covers."""
    grouped: dict[tuple[str, str], Activity] = {}
    unmapped = []
    for row in rows:
        if not counts(row) or row.retention_status == "n/a":
            continue
        if row.rule_id == UNMAPPED:
            unmapped.append(row)
            continue
        rule = book.rule(row.rule_id)
        data_use = rule.data_use if rule else str(row.extra.get("data_use", ""))
        activity = grouped.setdefault((row.purpose, data_use), Activity(row.purpose, data_use))
        activity.rules.add(row.rule_id)
        activity.legal_basis.update(b.strip() for b in row.legal_basis.split(",") if b.strip())
        if rule:
            activity.subjects.update(rule.data_subjects)
            activity.recipients.update(rule.recipients)
        activity.categories[row.data_category or row.entity_type] += row.count
        activity.retention.setdefault(row.retention or "no retention in the rulebook", set()).add(
            row.data_category or row.entity_type)
        activity.places[f"{row.source} — {place_of(row)}"] += 1
        activity.overdue += row.retention_status == "overdue"
    return sorted(grouped.values(), key=lambda a: a.purpose), unmapped


def _list(values: Iterable[str]) -> str:
    values = sorted(v for v in values if v)
    return "; ".join(values) if values else TO_COMPLETE


def render_markdown(rows: Iterable[InventoryRow], book: Rulebook, scanned_at: datetime, controller: str = "") -> str:
    found, unmapped = activities(rows, book)
    lines = [
        "# Record of processing activities (GDPR Art. 30(1)) — draft",
        "",
        f"Drafted by Leidur from the scan of {scanned_at.isoformat(timespec='seconds')}: it shows where personal data "
        "was found and what the rulebook says about it. Check every section before adopting it.",
        "",
        f"**(a) Controller and data protection officer:** {controller or TO_COMPLETE}",
        "",
    ]
    for number, activity in enumerate(found, start=1):
        places = activity.places.most_common(MAX_PLACES)
        more = len(activity.places) - len(places)
        lines += [
            f"## {number}. {activity.purpose}",
            "",
            f"- **(b) Purpose:** {activity.purpose} (data use `{activity.data_use or '-'}`); "
            f"legal basis: {_list(activity.legal_basis)}",
            f"- **(c) Categories of data subjects:** {_list(activity.subjects)}",
            "- **(c) Categories of personal data:** " + "; ".join(
                f"`{c}` ({n} found)" for c, n in activity.categories.most_common()),
            f"- **(d) Categories of recipients:** {_list(activity.recipients)}",
            f"- **(e) Transfers to third countries:** {TO_COMPLETE}",
            "- **(f) Time limits for erasure:** " + "; ".join(
                f"{text} ({', '.join(sorted(cats))})" for text, cats in sorted(activity.retention.items()))
            + (f" — **{activity.overdue} location(s) past this limit**" if activity.overdue else ""),
            f"- **(g) Security measures:** {TO_COMPLETE}",
            f"- **Where the data lives** ({len(activity.places)} places):",
            *[f"  - {place} ({n} findings)" for place, n in places],
            *([f"  - … and {more} more (see inventory.csv)"] if more > 0 else []),
            f"- Rules: {', '.join(sorted(activity.rules))}",
            "",
        ]
    if unmapped:
        places = Counter(f"{r.source} — {place_of(r)}" for r in unmapped)
        lines += ["## Not yet covered by the rulebook (UNMAPPED)", "",
                  f"{len(unmapped)} locations hold personal data that no rule maps to a purpose. "
                  "Add rules for them, or delete the data:", ""]
        lines += [f"- {place} ({n})" for place, n in places.most_common(MAX_PLACES)]
        lines.append("")
    return "\n".join(lines)
