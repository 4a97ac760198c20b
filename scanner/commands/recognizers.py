"""`leidur recognizers list|test`: which recognisers a scan would use, and what they find in a sample."""
from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_REFUSED = 3  # as `scan` does when a recogniser is refused (scanner.cli.EXIT_FATAL)

rules_option = click.option(
    "--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
    help="Extra rules folder, as for `scan` (recognisers in <folder>/recognizers/*.yaml); repeatable.",
)


@click.group()
def recognizers():
    """List the recognisers a scan uses, or try them on a sample."""


@recognizers.command("list")
@rules_option
def list_command(rules_dirs):
    """Every recogniser: name, entity type, languages, origin and prefilter."""
    from scanner.recognizers import discover

    result = discover(rules_dirs=rules_dirs)
    rows = [("NAME", "ENTITY", "LANGUAGES", "ORIGIN", "PREFILTER")]
    for entry in result.loaded:
        rows.append((entry.name, ", ".join(entry.entities), ", ".join(entry.languages), entry.origin, _prefilter(entry)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])
    click.echo(f"{len(result.loaded)} recognisers; all text is analysed as one language (et), so en and et both apply.")
    for entry in result.loaded:
        if entry.replaces:
            click.echo(f"{entry.name} from {entry.origin} replaces the default one of that name ({entry.replaces}).")
    for name, by, default in result.turned_off:
        click.echo(f"{name} is turned off by {by} (enabled: false): the default one ({default}) is not loaded.")
    for entry in result.loaded:
        if entry.runs_on_all_text:
            click.echo(
                f"warning: {entry.name} declares no prefilter or keywords, so it runs on all text "
                "(slower); add `prefilter:` or `keywords:` (PREFILTER / KEYWORDS in Python)", err=True,
            )
    _report_refused(result.problems)


@recognizers.command("test")
@click.argument("sample")
@rules_option
@click.option("--recognizer", "names", multiple=True, help="Only this recogniser (repeatable).")
@click.option("--threshold", type=float, default=0.4, show_default=True, help="Lowest score shown (0 shows all).")
@click.option("--context", "context_words", multiple=True, help="A context word as a column header would give (repeatable).")
@click.option("--reveal", is_flag=True, help="Print the matched values themselves instead of masked samples.")
def test_command(sample, rules_dirs, names, threshold, context_words, reveal):
    """Show what each recogniser finds in SAMPLE (a file, or else the text itself).

    Each match shows its score, the base score of its pattern and the context
    word that raised it. Values are masked unless --reveal is given.
    """
    from scanner.detect.values import mask
    from scanner.recognizers import discover
    from scanner.recognizers.testing import RecognizerTester

    result = discover(names or None, rules_dirs)
    if not result.loaded:
        _report_refused(result.problems or [], always=True)
    tester = RecognizerTester(result.loaded, threshold)
    shown = 0
    for chunk in _sample_chunks(sample):
        own_end = len(chunk.text) if chunk.own_end is None else chunk.own_end
        for match in tester.matches(chunk.text, (*chunk.context, *context_words)):
            if not chunk.own_start <= match.start < own_end:
                continue  # the overlapping neighbour chunk shows this one
            shown += 1
            value = match.value if reveal else mask(match.entity, match.value)
            boost = match.score - match.base_score
            why = f" = {match.base_score:.2f} + {boost:.2f} context {match.context_word!r}" if match.context_word else ""
            note = "  MISSED BY THE PREFILTER: a scan would not report this" if match.missed_by_prefilter else ""
            click.echo(
                f"{chunk.location}:{chunk.offset + match.start}  {match.recognizer}  {match.entity}  "
                f"score {match.score:.2f}{why}  {value}{note}"
            )
    if not shown:
        click.echo(f"No recogniser found anything at score {threshold} or above.")
    _report_refused(result.problems)


def _prefilter(entry) -> str:
    parts = []
    if entry.prefilter:
        parts.append(f"regex {entry.prefilter}")
    if entry.keywords:
        shown = ", ".join(entry.keywords[:5]) + (", ..." if len(entry.keywords) > 5 else "")
        parts.append(f"keywords {shown}")
    if entry.reads_whole_text:
        parts.append("its own (reads whole chunks)")
    return "; ".join(parts) or "NONE (runs on all text)"


def _sample_chunks(sample: str):
    """The chunks of a file in any format Leidur reads, or the text given as one chunk."""
    from scanner.models import Chunk

    path = Path(sample)
    if not path.is_file():
        yield Chunk(text=sample, location="text")
        return
    from scanner.extractors import ExtractContext, extract

    def report(error):
        click.echo(f"warning: {error.location}: {error.stage}: {error.error}", err=True)

    with open(path, "rb") as stream:
        for chunk in extract(stream, str(path), ExtractContext(report_error=report), name=path.name):
            yield chunk


def _report_refused(problems, always: bool = False) -> None:
    if problems:
        click.echo("Refused recognisers (a scan will not start until they are fixed or removed):", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
    if problems or always:
        sys.exit(EXIT_REFUSED)
