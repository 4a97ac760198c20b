"""The `leidur` command line: parses, calls one library function, prints. Heavy imports happen late."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner import __version__

# Exit codes (documented in README.md "Exit codes").
EXIT_OK = 0
EXIT_ITEM_ERRORS = 1
EXIT_USAGE = 2
EXIT_FATAL = 3
EXIT_ALERT = 4
EXIT_INTERRUPTED = 130


def _fail(message: str, code: int = EXIT_USAGE):
    click.echo(f"leidur: {message}", err=True)
    sys.exit(code)


# Sub-commands other than `scan` live in their own modules and are imported only when used,
# so `leidur --help` stays fast. name -> "module:attribute" (a click command or group).
COMMANDS: dict[str, str] = {
    "rules": "scanner.commands.rules:rules",
    "diff": "scanner.commands.diff:diff",
    "review": "scanner.commands.review:review",
    "ropa": "scanner.commands.ropa:ropa",
    "report": "scanner.commands.report:report",
    "recognizers": "scanner.commands.recognizers:recognizers",
    "plugins": "scanner.commands.plugins:plugins",
    "subject": "scanner.commands.subject:subject",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | {n for n in COMMANDS if self._load(n)})

    def get_command(self, ctx, name):
        return super().get_command(ctx, name) or self._load(name)

    @staticmethod
    def _load(name):
        import importlib
        import importlib.util

        reference = COMMANDS.get(name)
        if reference is None:
            return None
        module_name, _, attribute = reference.partition(":")
        if importlib.util.find_spec(module_name) is None:
            return None  # not part of this build
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leidur")
def main():
    """Leidur finds personal data in files, databases and mailboxes and maps it to GDPR purposes."""


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="YAML file naming sources; ${ENV_VAR} is expanded.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="leidur-out", show_default=True, help="Folder for the reports.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, exists=True), help="Extra rules folder (rulebook and recognisers); repeatable.")
@click.option("--jobs", type=int, default=None, help="Worker processes, also of --scheduler local [default: number of CPUs].")
@click.option("--include", multiple=True, help="Only files matching this glob (repeatable).")
@click.option("--exclude", multiple=True, help="Skip files matching this glob (repeatable).")
@click.option("--max-file-size", type=int, default=None, help="Skip files larger than this many bytes.")
@click.option("--ocr", is_flag=True, help="Read text in images and scanned PDFs with Tesseract (if installed).")
@click.option("--full", is_flag=True, help="Databases: scan every row instead of a sample.")
@click.option("--threshold", type=float, default=0.4, show_default=True, help="Lowest score a finding needs.")
@click.option("--item-timeout", type=float, default=900, show_default=True, help="Give up an item still being read after this many seconds (with --jobs 2 or more, or --scheduler).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (for cron).")
@click.option("--state", "state_url", default=None, help="State store URL (sqlite:///path.db, postgresql://...) [default: OUT/leidur-state.db].")
@click.option("--incremental", is_flag=True, help="Do not read items unchanged since the last scan; carry their findings forward.")
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(["new", "overdue"]),
              help="Exit 4 when findings are new or changed (new), or newly past retention (overdue), since the last scan.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Read on a Dask cluster (tcp://host:8786), or 'local' for a cluster of --jobs workers on this machine; "
                   "workers expand ${ENV_VAR}s from their own environment. Needs pip install 'leidur[cluster]'.")
def scan(targets, config_file, out_dir, rules_dirs, jobs, include, exclude, max_file_size, ocr, full, threshold, item_timeout, quiet,
         state_url, incremental, fail_on, scheduler):
    """Scan TARGETs and write inventory.csv, inventory.json, report.html and errors.csv to --out.

    A TARGET is a path, a SQLAlchemy URL (sqlite:///x.db, postgresql://...,
    mysql+pymysql://...), mbox:PATH, maildir:PATH, imap[s]://user@host/FOLDER
    or smb://[user@]server/share[/path]. Write passwords as ${ENV_VAR}.
    """
    from scanner.targets import KeepReferences, TargetError, parse_target

    try:
        # ${VAR}s are expanded when the scan starts: here, or on each cluster worker (--scheduler).
        parsed = [parse_target(t, KeepReferences()) for t in targets]
        settings = {}
        if config_file:
            from scanner.config import load_config

            config = load_config(config_file, KeepReferences())
            parsed += config.targets
            settings = config.settings
    except TargetError as exc:
        _fail(str(exc))
    if not parsed:
        _fail("nothing to scan: give a TARGET or --config (see leidur scan --help)")

    from scanner.api import ScanRequest, scan_and_report

    request = ScanRequest(
        targets=parsed,
        out_dir=Path(settings.get("out", out_dir) if out_dir == "leidur-out" else out_dir),
        rules_dirs=list(rules_dirs) + list(settings.get("rules", []) or []),
        jobs=jobs or settings.get("jobs"),
        include=list(include) + list(settings.get("include", []) or []),
        exclude=list(exclude) + list(settings.get("exclude", []) or []),
        max_file_size=max_file_size or settings.get("max_file_size"),
        ocr=ocr or bool(settings.get("ocr")),
        full=full or bool(settings.get("full")),
        threshold=threshold,
        item_timeout=float(settings.get("item_timeout", item_timeout)),
        quiet=quiet,
        state=state_url or settings.get("state"),
        incremental=incremental,
        fail_on=list(fail_on),
        scheduler=scheduler or settings.get("scheduler"),
    )
    from scanner.cluster import ClusterError
    from scanner.recognizers import RecognizerError

    try:
        outcome = scan_and_report(request)
    except TargetError as exc:
        _fail(str(exc))
    except RecognizerError as exc:  # refused before anything is scanned (docs/recognizers.md)
        _fail(str(exc), EXIT_FATAL)
    except (OSError, ValueError, ClusterError) as exc:
        _fail(str(exc), EXIT_FATAL)
    if not quiet:
        click.echo(outcome.summary, err=True)
    sys.exit(outcome.exit_code)
