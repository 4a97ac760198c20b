"""Why a row got the rule it got: every candidate rule, most specific first, in plain words."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from scanner.models import InventoryRow
from scanner.rulebook import UNMAPPED, Rulebook
from scanner.rulebook.taxonomy import is_special_category


def explain(book: Rulebook, location: str, entity_type: str, source: str = "", source_type: str = "files",
            modified: Optional[datetime] = None, now: Optional[datetime] = None) -> str:
    now = now or datetime.now(timezone.utc)
    found = book.candidates(source, source_type, location, entity_type)
    lines = [f"{location}  {entity_type}  (source type {source_type}{', source ' + source if source else ''})"]
    if not found:
        lines.append(f"  {UNMAPPED}: no rule matches. Add a rule whose match covers this location and entity type.")
        if is_special_category(entity_type):
            lines.append("  (a special category needs a rule with an Art. 9(2) condition in its legal_basis)")
        return "\n".join(lines)
    for rank, candidate in enumerate(found):
        rule = candidate.rule
        priority, depth, literal, entity_score, source_score, _ = candidate.specificity
        why = [f"priority {priority}" if priority else "",
               f"location '{candidate.pattern}' (decides {depth} characters deep, {literal} fixed)"
               if candidate.pattern else "any location",
               {2: f"names {entity_type}", 1: "entity type by pattern", 0: "any entity type"}[entity_score],
               "source named" if source_score >= 2 else ("source type named" if source_score else "")]
        mark = "WINS " if rank == 0 else "     "
        lines.append(f"  {mark}{rule.id} ({rule.where}): {', '.join(w for w in why if w)}")
    rule = found[0].rule
    row = InventoryRow(source=source, source_type=source_type, location=location, entity_type=entity_type,
                       item_modified=modified)
    book.apply_one(row, now)
    lines += [
        f"  data_category: {row.data_category or '-'}",
        f"  purpose: {rule.purpose} ({rule.data_use or '-'})",
        f"  legal_basis: {row.legal_basis or '-'}",
        f"  data_subjects: {', '.join(rule.data_subjects) or '-'}",
        f"  recipients: {', '.join(rule.recipients) or '-'}",
        f"  retention: {row.retention or '-'}",
    ]
    if modified is not None:
        until = row.retention_until.date().isoformat() if row.retention_until else "-"
        lines.append(f"  retention_status: {row.retention_status} (until {until})")
    return "\n".join(lines)
