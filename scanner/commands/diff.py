"""`leidur diff`: what is new, gone or changed since the previous scan (what a nightly job mails on)."""
from __future__ import annotations

import json
import sys

import click

from scanner.commands.common import open_store, out_option, state_option


@click.command()
@state_option
@out_option
@click.option("--from", "from_id", type=int, default=None, help="Earlier scan id [default: the complete scan before --to].")
@click.option("--to", "to_id", type=int, default=None, help="Later scan id [default: the latest scan].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--exit-code", is_flag=True, help="Exit 4 when anything changed, 0 when nothing did.")
def diff(state_url, out_dir, from_id, to_id, fmt, exit_code):
    """List findings that are new, gone or changed between two scans (masked samples only)."""
    from scanner.inventory.review import apply_reviews
    from scanner.state.diff import compare, diff_text

    store = open_store(state_url, out_dir)
    try:
        later = store.latest_scan() if to_id is None else next((s for s in store.scans() if s.id == to_id), None)
        if later is None:
            raise click.UsageError("no such scan in the state store (run `leidur scan` first)")
        earlier = (store.latest_scan(complete_only=True, before=later.id) if from_id is None
                   else next((s for s in store.scans() if s.id == from_id), None))
        before = store.findings(earlier.id, True) if earlier else []
        now = store.findings(later.id, True)
        for rows in (before, now):
            apply_reviews(rows, store, later.started)
    finally:
        store.close()
    same_key = earlier is None or earlier.key_id == later.key_id
    if not same_key:
        click.echo("note: the scans used different fingerprint keys: values are compared by count only", err=True)
    changes = compare(before, now, same_key)
    label = str(earlier.id) if earlier else "(none)"
    if fmt == "json":
        def brief(row):
            return {"source": row.source, "location": row.location, "entity_type": row.entity_type,
                    "count": row.count, "sample": row.sample, "rule_id": row.rule_id,
                    "retention_status": row.retention_status}

        click.echo(json.dumps({"from": earlier.id if earlier else None, "to": later.id,
                               "new": [brief(r) for r in changes.new], "gone": [brief(r) for r in changes.gone],
                               "changed": [brief(r) for _, r in changes.changed],
                               "newly_overdue": [brief(r) for r in changes.newly_overdue]}, ensure_ascii=False, indent=1))
    else:
        click.echo(diff_text(changes, label, str(later.id)), nl=False)
    sys.exit(4 if exit_code and not changes.empty else 0)
