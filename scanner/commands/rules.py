"""`leidur rules check [DIR]` and `leidur rules explain LOCATION ENTITY`: the rulebook from the command line."""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click


@click.group()
def rules():
    """Check the rulebook, or explain which rule maps a finding."""


@rules.command()
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, exists=True))
def check(directories):
    """Validate a rulebook (default: the one shipped with Leidur); print FILE:LINE of every mistake.

    Exit code 0 when usable (warnings allowed), 3 when a scan would refuse it.
    """
    from scanner.rulebook import Rulebook, default_rules_dir, rule_files

    folders = [Path(d) for d in directories] or [default_rules_dir()]
    book = Rulebook.read(folders)
    files = sum(len(rule_files(f)) for f in folders)
    for problem in book.problems:
        click.echo(str(problem))
    if not files:
        click.echo(f"no rule files (*.yaml) in {', '.join(map(str, folders))}")
    errors = len(book.errors)
    # The folder is named so that the shipped rulebook can be found (and copied) in an installed Leidur.
    click.echo(f"{len(book.rules)} rules in {files} files ({', '.join(map(str, folders))}): {errors} error(s), "
               f"{len(book.problems) - errors} warning(s)", err=True)
    sys.exit(3 if errors or not files else 0)


@rules.command()
@click.argument("location")
@click.argument("entity_type")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Rules folder, as for `leidur scan --rules`.")
@click.option("--source", default="", help="Source name (as in inventory.csv).")
@click.option("--source-type", default="files", show_default=True,
              type=click.Choice(["files", "database", "mbox", "maildir", "imap", "smb"]))
@click.option("--modified", default=None, help="Item modification date (YYYY-MM-DD) to compute its retention.")
def explain(location, entity_type, rules_dirs, source, source_type, modified):
    """Show which rule maps ENTITY_TYPE found at LOCATION, and why."""
    from scanner.commands.common import load_rulebook
    from scanner.rulebook.explain import explain as explain_text

    book = load_rulebook(rules_dirs)
    when = None
    if modified:
        try:
            when = datetime.fromisoformat(modified).replace(tzinfo=timezone.utc)
        except ValueError:
            click.echo("leidur: --modified wants a date such as 2019-05-31", err=True)
            sys.exit(2)
    click.echo(explain_text(book, location, entity_type, source, source_type, when))
