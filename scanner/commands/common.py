"""Options the state-reading sub-commands share: where the state store is."""
from __future__ import annotations

import sys
from pathlib import Path

import click

state_option = click.option("--state", "state_url", default=None,
                            help="State store URL [default: OUT/leidur-state.db].")
out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False), default="leidur-out",
                          show_default=True, help="The scan's report folder.")


def open_store(state_url: str | None, out_dir: str, must_exist: bool = True):
    """The state store, or a clear message (exit 2) when there is none yet."""
    from scanner.state import StateStore, default_state_url
    from scanner.state.store import StateStoreError

    url = state_url or default_state_url(Path(out_dir))
    if must_exist and url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        raise click.UsageError(f"no state store at {url}: run `leidur scan` first (or give --state)")
    try:
        return StateStore(url)
    except StateStoreError as exc:
        fatal(str(exc))


def fatal(message: str):
    """Exit 3, as `leidur scan` does when it cannot start."""
    click.echo(f"leidur: {message}", err=True)
    sys.exit(3)


def load_rulebook(rules_dirs):
    """The rulebook a scan with these --rules folders would use; a broken one exits 3."""
    from scanner.rulebook import Rulebook, RulebookError

    try:
        return Rulebook.for_scan([Path(d) for d in rules_dirs])
    except RulebookError as exc:
        fatal(str(exc))


def latest_rows(store, with_fingerprints: bool = False):
    scan = store.latest_scan()
    if scan is None:
        raise click.UsageError("the state store holds no scan yet: run `leidur scan` first")
    return scan, store.findings(scan.id, with_fingerprints)
