"""`leidur review import inventory.csv`: record the DPO's marks (confirmed, false_positive, remediated)."""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from scanner.commands.common import open_store, out_option, state_option


@click.group()
def review():
    """Keep the DPO's review marks across scans."""


@review.command(name="import")
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True))
@state_option
@out_option
def import_(csv_file, state_url, out_dir):
    """Record the `review` column of CSV_FILE (an inventory.csv the DPO edited).

    Marks: confirmed, false_positive, remediated. Later scans keep them; false
    positives stop counting (totals, charts, diff, --fail-on). An empty cell
    leaves an earlier mark as it is.
    """
    from scanner.inventory.review import import_reviews

    store = open_store(state_url, out_dir)
    try:
        result = import_reviews(Path(csv_file), store, datetime.now(timezone.utc))
    finally:
        store.close()
    for problem in result.problems:
        click.echo(problem, err=True)
    click.echo(f"{result.recorded} review marks recorded, {result.unchanged} unchanged, "
               f"{len(result.problems)} problems")
    sys.exit(1 if result.problems else 0)
