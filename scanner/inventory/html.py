"""report.html: one self-contained page for the DPO: totals, charts, the overdue list first, a sortable, filterable table."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Iterable

from scanner.inventory.export import owner_only
from scanner.inventory.report_assets import CSS, SCRIPT
from scanner.inventory.review import counts
from scanner.models import InventoryRow

# (column key, heading, type) of the main table.
COLUMNS = [
    ("location", "Location", "text"), ("entity_type", "Entity type", "text"), ("count", "Count", "number"),
    ("sample", "Sample", "text"), ("data_category", "Data category", "text"), ("purpose", "Purpose", "text"),
    ("legal_basis", "Legal basis", "text"), ("retention", "Retention", "text"),
    ("retention_status", "Status", "text"), ("retention_until", "Keep until", "text"),
    ("rule_id", "Rule", "text"), ("review", "Review", "text"), ("source", "Source", "text"),
    ("item_modified", "Modified", "text"),
]
STATUS_COLOURS = {"overdue": "#c1121f", "ok": "#4f9d2d", "unknown": "#d4a017", "n/a": "#9aa5b1"}


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def _value(row: InventoryRow, key: str) -> str:
    if key in ("retention_until", "item_modified"):
        return _date(getattr(row, key))
    if key in ("review",):
        return str(row.extra.get(key, ""))
    return str(getattr(row, key))


def bar_chart(title: str, counter: Counter, colours: dict | None = None, limit: int = 12) -> str:
    """A horizontal bar chart as inline SVG (no script, no library)."""
    items = counter.most_common(limit)
    if not items:
        return f'<div class="chart"><h3>{escape(title)}</h3><p class="meta">nothing found</p></div>'
    top = max(v for _, v in items) or 1
    height, label_width, bar_width = 22, 210, 220
    size = f"{label_width + bar_width + 60} {height * len(items) + 4}"
    parts = [f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {size}" width="100%" '
             f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(items):
        y = i * height + 2
        width = max(2, round(bar_width * value / top))
        colour = (colours or {}).get(label, "#3a6ea5")
        short = label if len(label) <= 32 else label[:30] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12"><title>{escape(label)}</title>'
                     f'{escape(short or "(none)")}</text><rect x="{label_width}" y="{y + 3}" width="{width}" '
                     f'height="{height - 6}" fill="{colour}"/><text x="{label_width + width + 4}" y="{y + 15}" '
                     f'font-size="12">{value}</text>')
    parts.append("</svg>")
    return f'<div class="chart"><h3>{escape(title)}</h3>{"".join(parts)}</div>'


def _charts(rows: list[InventoryRow]) -> str:
    by = {name: Counter() for name in ("source", "entity_type", "purpose", "retention_status")}
    for row in rows:
        for name, counter in by.items():
            label = getattr(row, name) or ("UNMAPPED" if name == "purpose" else "")
            counter[label] += row.count or 1
    return "".join([
        bar_chart("Findings by source", by["source"]),
        bar_chart("Findings by entity type", by["entity_type"]),
        bar_chart("Findings by purpose", by["purpose"]),
        bar_chart("Findings by retention status", by["retention_status"], STATUS_COLOURS),
    ])


def _row_html(row: InventoryRow) -> str:
    cells = []
    for key, _, kind in COLUMNS:
        text = _value(row, key)
        css = {"number": "num", "text": ""}[kind] + (" loc" if key == "location" else "")
        if key == "retention_status":
            css += f" s-{escape(text.replace('/', ''))}"
        cells.append(f'<td class="{css.strip()}">{escape(text)}</td>')
    return f'<tr data-status="{escape(row.retention_status)}">{"".join(cells)}</tr>'


def _overdue_table(rows: list[InventoryRow]) -> str:
    overdue = sorted((r for r in rows if r.retention_status == "overdue"),
                     key=lambda r: (_date(r.retention_until), r.location))
    if not overdue:
        return "<p>No finding is past its retention period.</p>"
    lines = "".join(f"<tr><td class=\"loc\">{escape(r.location)}</td><td>{escape(r.entity_type)}</td>"
                    f"<td class=\"num\">{r.count}</td><td>{escape(_date(r.retention_until))}</td>"
                    f"<td>{escape(r.retention)}</td><td>{escape(r.rule_id)}</td></tr>" for r in overdue)
    return ("<table id=\"overdue\"><thead><tr><th>Location</th><th>Entity type</th><th>Count</th>"
            f"<th>Kept until</th><th>Retention</th><th>Rule</th></tr></thead><tbody>{lines}</tbody></table>")


def render(rows: Iterable[InventoryRow], scanned_at: datetime, summary: dict) -> str:
    shown = [r for r in rows if counts(r)]  # false positives stop counting, here too
    statuses = Counter(r.retention_status for r in shown)
    probe = shown[0].entity_type if shown else ""
    heads = "".join(f'<th data-key="{k}" data-type="{t}" scope="col">{escape(h)}</th>' for k, h, t in COLUMNS)
    options = "".join(f'<option value="{escape(s)}">{escape(s)} ({n})</option>' for s, n in sorted(statuses.items()))
    cards = [("locations", len(shown)), ("findings", sum(r.count for r in shown)),
             ("overdue", statuses.get("overdue", 0)), ("unmapped", sum(r.rule_id == "UNMAPPED" for r in shown)),
             ("items read", summary.get("items_read", "")), ("unchanged, carried", summary.get("items_carried", ""))]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leidur personal-data inventory</title><style>{CSS}</style></head>
<body>
<h1>Personal-data inventory</h1>
<p class="meta">Scan of {escape(scanned_at.isoformat(timespec="seconds"))}. Samples are masked; no full value is shown.</p>
<div class="cards">{"".join(f'<div class="card"><b>{escape(str(v))}</b>{escape(k)}</div>' for k, v in cards)}</div>
<h2>Past their retention period: deletion candidates</h2>
{_overdue_table(shown)}
<h2>Overview</h2>
<div class="charts">{_charts(shown)}</div>
<h2>All findings</h2>
<div class="controls"><label>Filter <input id="filter" type="search" placeholder="location, type, rule…"></label>
<label>Status <select id="status"><option value="">all</option>{options}</select></label>
<span id="shown" aria-live="polite"></span></div>
<table id="inventory" data-rows="{len(shown)}" data-overdue="{statuses.get('overdue', 0)}" data-probe="{escape(probe)}">
<thead><tr>{heads}</tr></thead>
<tbody>{"".join(_row_html(r) for r in shown)}</tbody></table>
<pre id="selftest"></pre>
<script>{SCRIPT}</script>
</body></html>
"""


def write_report_html(rows: Iterable[InventoryRow], path: Path, scanned_at: datetime, summary: dict) -> None:
    with owner_only(path, encoding="utf-8") as handle:
        handle.write(render(list(rows), scanned_at, summary))
