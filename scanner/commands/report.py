"""`leidur report`: write the reports again from the state store (after a review import or a rule edit)."""
from __future__ import annotations

from pathlib import Path

import click

from scanner.commands.common import latest_rows, load_rulebook, open_store, out_option, state_option


@click.command()
@state_option
@out_option
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Rules folder, as for `leidur scan --rules`; the latest scan is mapped again with it.")
def report(state_url, out_dir, rules_dirs):
    """Rewrite inventory.csv, inventory.json and report.html from the latest scan, without scanning."""
    from scanner.api import summary_counts, write_reports
    from scanner.inventory.export import prepare_out_dir
    from scanner.inventory.review import apply_reviews

    book = load_rulebook(rules_dirs)
    store = open_store(state_url, out_dir)
    try:
        scan, rows = latest_rows(store, with_fingerprints=True)
        book.apply(rows, scan.started)
        apply_reviews(rows, store, scan.started)
    finally:
        store.close()
    summary = summary_counts(rows, scan.items_read, scan.items_carried)
    out = prepare_out_dir(Path(out_dir))
    write_reports(rows, None, out, scan.started, summary)
    click.echo(f"Reports rewritten from scan {scan.id}: {out}")
