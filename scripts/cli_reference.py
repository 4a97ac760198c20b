"""Write docs/cli-reference.md from the commands' own --help (tests/test_docs.py checks it is current).

    python scripts/cli_reference.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scanner.cli import main  # noqa: E402


def _sections(command: click.Command, path: list[str]):
    context = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100)
    yield path, command.get_help(context)
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            yield from _sections(command.get_command(context, name), [*path, name])


def render() -> str:
    parts = ["# CLI reference", "", "Generated from `--help` by `scripts/cli_reference.py`; do not edit by hand.", ""]
    for path, text in _sections(main, ["leidur"]):
        parts += [f"## `{' '.join(path)}`", "", "```", text.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    (REPO / "docs" / "cli-reference.md").write_text(render(), encoding="utf-8")
    print("wrote docs/cli-reference.md")
