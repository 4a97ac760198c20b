"""Documentation that must stay true to the code."""
from __future__ import annotations

import re

from tests.conftest import REPO


def test_cli_reference_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (REPO / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert current == module.render(), "run: python scripts/cli_reference.py"


def test_readme_exit_codes_match_the_cli():
    from scanner import cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", readme, flags=re.MULTILINE)}
    defined = {value for name, value in vars(cli).items() if name.startswith("EXIT_")}
    assert documented == defined


def test_readme_opens_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
    assert "leidur scan sample_data" in blocks[0]
    assert "scripts/test.sh" in blocks[1]
    assert "scripts/test.sh" in (REPO / ".ci" / "run").read_text()
