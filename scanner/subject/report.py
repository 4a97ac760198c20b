"""subject.csv and subject.html: where the subject's data is, for the DPO; masked values, owner-only files.

The DPO knows whom they searched for, so the files name the subject's values
masked (`3800108****`, `m***@mail.ee`): a copy that leaks does not hand out the
identifiers. Nothing about other people found at the same places is written:
no samples and no counts of the inventory rows.
"""
from __future__ import annotations

import csv
from collections import Counter
from html import escape
from pathlib import Path

from scanner.inventory.export import SpreadsheetDialect, _cell, owner_only, prepare_out_dir, write_errors_csv
from scanner.inventory.report_assets import CSS
from scanner.subject.search import Place, SubjectResult

COLUMNS = [
    "entity_type", "value", "place", "source", "location", "primary_key", "match", "name_match",
    "data_category", "purpose", "legal_basis", "retention", "retention_status", "retention_until", "rule_id",
    "item_modified", "scan_id",
]


def place_record(place: Place, scan_id: int) -> dict:
    row = place.row
    return {
        "entity_type": place.identifier.entity_type, "value": place.identifier.masked, "place": place.kind,
        "source": row.source, "location": row.location, "primary_key": place.primary_key, "match": place.match,
        "name_match": place.name_match, "data_category": row.data_category, "purpose": row.purpose,
        "legal_basis": row.legal_basis, "retention": row.retention, "retention_status": row.retention_status,
        "retention_until": row.retention_until.date().isoformat() if row.retention_until else "",
        "rule_id": row.rule_id, "item_modified": row.item_modified.isoformat(timespec="seconds") if row.item_modified else "",
        "scan_id": scan_id,
    }


def write_subject_reports(result: SubjectResult, out_dir: Path) -> tuple[Path, Path]:
    """dsar/subject.csv, dsar/subject.html and dsar/errors.csv (what could not be searched); 0600 in a 0700 folder."""
    out = prepare_out_dir(Path(out_dir))
    csv_path, html_path = out / "subject.csv", out / "subject.html"
    with owner_only(csv_path) as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, dialect=SpreadsheetDialect)
        writer.writeheader()
        for place in result.places:
            record = place_record(place, result.scan_id)
            writer.writerow({k: _cell(v, place.identifier.entity_type if k == "value" else "") for k, v in record.items()})
    with owner_only(html_path, encoding="utf-8") as handle:
        handle.write(subject_html(result))
    write_errors_csv(result.errors, out / "errors.csv")
    return csv_path, html_path


def _place_cells(place: Place) -> str:
    row = place.row
    where = escape(row.location) + (f"<br><b>{escape(place.primary_key)}</b>" if place.primary_key else "")
    found = f"{escape(place.identifier.entity_type)}<br><span class=meta>{escape(place.identifier.masked)}</span>"
    how = escape(place.match) + (f"<br><span class=meta>name: {escape(place.name_match)}</span>" if place.name_match else "")
    rule = "<br>".join(escape(v) for v in (row.purpose, row.legal_basis) if v) or "<i>no rule</i>"
    until = row.retention_until.date().isoformat() if row.retention_until else ""
    status = f'<span class="s-{escape(row.retention_status)}">{escape(row.retention_status)}</span>'
    keep = "<br>".join(v for v in (escape(row.retention), status + (f" until {until}" if until else "")) if v)
    return (f"<td>{escape(place.kind)}</td><td class=loc>{where}</td><td>{found}</td><td>{how}</td>"
            f"<td>{rule}<br><span class=meta>{escape(row.rule_id)}</span></td><td>{keep}</td>")


def _notes(result: SubjectResult) -> str:
    notes = []
    if result.databases_not_searched:
        notes.append("<p>These databases were <b>not searched row by row</b> (give their targets or --config with "
                     "credentials): only the rows their sampled scan read are listed.</p><ul>"
                     + "".join(f"<li>{escape(s)}</li>" for s in result.databases_not_searched) + "</ul>")
    if result.errors:
        notes.append("<h2>Not searched</h2><table><thead><tr><th>location</th><th>stage</th><th>reason</th></tr></thead>"
                     "<tbody>" + "".join(f"<tr><td class=loc>{escape(e.location)}</td><td>{escape(e.stage)}</td>"
                                         f"<td>{escape(e.error)}</td></tr>" for e in result.errors) + "</tbody></table>")
    return "".join(notes)


def subject_html(result: SubjectResult) -> str:
    """One self-contained page: what was searched, where it was found (by source), what was not searched."""
    searched_for = ", ".join(f"{i.entity_type} {i.masked}" for i in result.identifiers)
    kinds = Counter(p.kind for p in result.places)
    cards = "".join(f'<div class="card"><b>{n}</b>{escape(kind)}</div>' for kind, n in sorted(kinds.items()))
    heads = "".join(f"<th>{h}</th>" for h in ("Place", "Location", "Identifier", "Match", "Purpose and legal basis",
                                              "Retention"))
    sections = []
    for source in dict.fromkeys(p.row.source for p in result.places):
        mine = [p for p in result.places if p.row.source == source]
        rows = "".join(f"<tr>{_place_cells(p)}</tr>" for p in mine)
        sections.append(f"<h2>{escape(source)} <span class=meta>({escape(mine[0].row.source_type)}, {len(mine)})</span>"
                        f"</h2><table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>")
    scanned = result.scanned_at.isoformat(timespec="seconds") if result.scanned_at else "?"
    live = f" and, row by row, {escape(', '.join(result.databases_searched))}" if result.databases_searched else ""
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Subject access search</title>"
        f"<style>{CSS}</style></head><body><h1>Subject access search</h1>"
        f"<p class=meta>Searched for {escape(searched_for)}{' and a name' if result.name_given else ''} on "
        f"{result.searched_at.isoformat(timespec='seconds')}, in scan {result.scan_id} of {escape(scanned)}{live}. "
        "Values are masked; nothing about other people found at these places is shown.</p>"
        f'<div class="cards"><div class="card"><b>{len(result.places)}</b>places</div>{cards}</div>'
        + _notes(result) + "".join(sections)
        + ("" if result.places else "<p>No place holds these identifiers.</p>") + "</body></html>\n"
    )
