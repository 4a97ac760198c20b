"""What changed between two scans: new, gone and changed findings, and items newly past their retention."""
from __future__ import annotations

from dataclasses import dataclass, field

from scanner.inventory.review import counts
from scanner.models import InventoryRow
from scanner.state.store import values_digest

Key = tuple[str, str, str]


def _key(row: InventoryRow) -> Key:
    return (row.source, row.location, row.entity_type)


@dataclass
class ScanDiff:
    new: list[InventoryRow] = field(default_factory=list)
    gone: list[InventoryRow] = field(default_factory=list)
    changed: list[tuple[InventoryRow, InventoryRow]] = field(default_factory=list)  # (before, now)
    newly_overdue: list[InventoryRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new or self.gone or self.changed or self.newly_overdue)


def compare(before: list[InventoryRow], now: list[InventoryRow], same_key: bool = True) -> ScanDiff:
    """Rows are the same finding when source, location and entity type agree; they changed when the
    values (their fingerprints' digest) or the count did. Scans made with different fingerprint keys
    (`same_key=False`) can only be compared by counts. False positives are left out."""
    old = {_key(r): r for r in before}
    diff = ScanDiff()
    seen = set()
    for row in now:
        key = _key(row)
        seen.add(key)
        if not counts(row):
            continue
        previous = old.get(key)
        if previous is None:
            diff.new.append(row)
        elif row.count != previous.count or (same_key and values_digest(row) != values_digest(previous)):
            diff.changed.append((previous, row))
        if row.retention_status == "overdue" and (previous is None or previous.retention_status != "overdue"):
            diff.newly_overdue.append(row)
    diff.gone = [r for k, r in old.items() if k not in seen and counts(r)]
    return diff


def diff_text(diff: ScanDiff, before_label: str, now_label: str) -> str:
    """Plain text for a mail to the security team: masked samples only."""
    lines = [f"Leidur: changes from scan {before_label} to scan {now_label}",
             f"new {len(diff.new)}, gone {len(diff.gone)}, changed {len(diff.changed)}, "
             f"newly overdue {len(diff.newly_overdue)}", ""]

    def section(title: str, rows: list[InventoryRow]) -> None:
        if rows:
            lines.append(f"{title}:")
            lines.extend(f"  {r.location}  {r.entity_type} ×{r.count}  {r.sample}  [{r.rule_id}]" for r in rows)
            lines.append("")

    section("New", diff.new)
    section("Newly overdue (past retention)", diff.newly_overdue)
    if diff.changed:
        lines.append("Changed:")
        lines.extend(f"  {now.location}  {now.entity_type} ×{before.count} → ×{now.count}" for before, now in diff.changed)
        lines.append("")
    section("Gone", diff.gone)
    return "\n".join(lines).rstrip() + "\n"
