"""`leidur ropa`: a draft Art. 30(1) record of processing activities from the latest scan."""
from __future__ import annotations

from pathlib import Path

import click

from scanner.commands.common import latest_rows, load_rulebook, open_store, out_option, state_option


@click.command()
@state_option
@out_option
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Rules folder, as for `leidur scan --rules`.")
@click.option("--controller", default="", help="Controller's name and DPO contact, for section (a).")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="File to write [default: OUT/ropa.md].")
def ropa(state_url, out_dir, rules_dirs, controller, output):
    """Write a draft record of processing activities (Markdown), one section per purpose."""
    from scanner.inventory.export import owner_only
    from scanner.inventory.review import apply_reviews
    from scanner.inventory.ropa import render_markdown

    book = load_rulebook(rules_dirs)
    store = open_store(state_url, out_dir)
    try:
        scan, rows = latest_rows(store, with_fingerprints=True)
        apply_reviews(rows, store, scan.started)
    finally:
        store.close()
    target = Path(output) if output else Path(out_dir) / "ropa.md"
    with owner_only(target, encoding="utf-8") as handle:
        handle.write(render_markdown(rows, book, scan.started, controller))
    click.echo(f"Draft record of processing activities: {target}")
