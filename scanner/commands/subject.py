"""`leidur subject`: where is this person's data? Hash look-ups in the state store plus live database look-ups."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.commands.common import fatal


@click.command()
@click.argument("targets", nargs=-1)
@click.option("--personal-code", multiple=True, help="Isikukood (any spacing); repeatable.")
@click.option("--email", multiple=True, help="E-mail address (case does not matter); repeatable.")
@click.option("--phone", multiple=True, help="Phone number in any written form (+372 5123 4567, 51234567); repeatable.")
@click.option("--iban", multiple=True, help="IBAN, with or without spaces; repeatable.")
@click.option("--card", multiple=True, help="Payment card number; repeatable.")
@click.option("--name", default="", help="Full name: not searched by itself, only marks places where it is seen too.")
@click.option("--name-must-match", is_flag=True, help="Leave out places where --name is known not to match.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="The scan's YAML config: its database sources are searched live with its credentials.")
@click.option("--state", "state_url", default=None, help="State store URL [default: --scan-out/leidur-state.db].")
@click.option("--scan-out", "scan_out", type=click.Path(file_okay=False), default="leidur-out", show_default=True,
              help="The scan's report folder (where the default state store is).")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Extra rules folder, as for `leidur scan --rules`.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="dsar", show_default=True,
              help="Folder for subject.csv and subject.html.")
def subject(targets, personal_code, email, phone, iban, card, name, name_must_match, config_file, state_url, scan_out,
            rules_dirs, out_dir):
    """Find every place holding a person's identifiers and write subject.csv and subject.html to --out.

    Files and mail are found through the keyed hashes the latest scan stored
    (no rescan). Database TARGETs (or the databases of --config) are queried
    live, read-only, in the columns the inventory knows, so rows the sampled
    scan never read are found too, with their primary keys.
    """
    from scanner.commands.common import open_store
    from scanner.rulebook import RulebookError
    from scanner.state.store import StateStoreError
    from scanner.subject import Subject, SubjectError, SubjectRequest, search_subject, write_subject_reports
    from scanner.targets import TargetError, parse_target

    try:
        person = Subject.from_options(name=name, personal_code=personal_code, email=email, phone=phone, iban=iban,
                                      card=card)
        parsed = [parse_target(t) for t in targets]
        settings: dict = {}
        if config_file:
            from scanner.config import load_config

            config = load_config(config_file)
            parsed += config.targets
            settings = config.settings
    except (SubjectError, TargetError) as exc:
        raise click.UsageError(str(exc)) from None
    for doubt in person.doubts():
        click.echo(f"leidur: warning: {doubt}; scans recognise only valid values, so only databases can hold it", err=True)
    state = state_url or settings.get("state")
    if not state:
        open_store(None, settings.get("out", scan_out)).close()  # a clear message when no scan ran there
        from scanner.state import default_state_url

        state = default_state_url(Path(settings.get("out", scan_out)))
    request = SubjectRequest(person, state, parsed, list(rules_dirs) + list(settings.get("rules", []) or []),
                             name_must_match)
    try:
        result = search_subject(request)
    except (SubjectError, TargetError) as exc:
        raise click.UsageError(str(exc)) from None
    except (StateStoreError, RulebookError, OSError) as exc:
        fatal(str(exc))
    csv_path, html_path = write_subject_reports(result, Path(out_dir))
    click.echo(f"{len(result.places)} places hold the subject's identifiers; {len(result.errors)} could not be "
               f"searched. Written: {csv_path}, {html_path}", err=True)
    for source in result.databases_not_searched:
        click.echo(f"leidur: {source} was not searched row by row: give its target (or --config) to find rows "
                   "the sampled scan did not read", err=True)
    sys.exit(1 if result.errors else 0)
