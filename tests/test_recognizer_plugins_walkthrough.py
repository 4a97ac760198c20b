"""Runs docs/recognizers.md: its YAML and tests, the example package through a real entry point, the CLI."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, read_csv, run_leidur
from tests.plugin_site import add_distribution, env_with, install_example

DOC = REPO / "docs" / "recognizers.md"
EXAMPLE = REPO / "examples" / "leidur-lv-personal-code"
FILE_BLOCK = re.compile(r"```(?:python|yaml|toml)\n# file: (\S+)( \(excerpt\))?\n(.*?)```", re.S)


def doc_files() -> dict[str, tuple[str, bool]]:
    """path -> (text, is_excerpt) for every code block of the doc that starts with `# file: PATH`."""
    return {path: (body, bool(excerpt)) for path, excerpt, body in FILE_BLOCK.findall(DOC.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> Path:
    """A company checkout holding the doc's YAML recogniser and its test."""
    root = tmp_path_factory.mktemp("company")
    for path, (body, _) in doc_files().items():
        if not path.startswith("examples/"):
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(body, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example package made importable and discoverable through its entry point."""
    site = tmp_path_factory.mktemp("site")
    install_example(site, EXAMPLE)
    return site


@pytest.fixture(scope="module")
def share(tmp_path_factory) -> Path:
    from stdnum.lv.pvn import calc_check_digit_pers

    lv_code = "120385-1234" + calc_check_digit_pers("1203851234")  # generated, born 12 March 1985
    root = tmp_path_factory.mktemp("share")
    (root / "staff.txt").write_text(
        "Töötaja TT-004217 puhkuseavaldus.\nTellimus TT-12345 (not an employee ID).\n", encoding="utf-8"
    )
    (root / "klienti.csv").write_text(f"vards;personas kods\nJānis;{lv_code}\n", encoding="utf-8")
    return root


def test_the_doc_quotes_the_example_package_exactly():
    files = doc_files()
    quoted = [path for path in files if path.startswith("examples/")]
    assert len(quoted) == 3
    for path in quoted:
        body, excerpt = files[path]
        real = (REPO / path).read_text(encoding="utf-8")
        assert (body in real) if excerpt else (body == real), f"{path} differs from the doc"


def test_the_doc_yaml_recogniser_passes_its_own_test(company):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_employee_id.py"],
        cwd=company, env=env_with(company), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "8 passed" in result.stdout


def test_the_example_package_passes_its_own_test(site):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
        cwd=EXAMPLE, env=env_with(site), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "8 passed" in result.stdout


def test_recognizers_list_shows_yaml_and_package_recognisers_with_their_origin(company, site):
    result = run_leidur("recognizers", "list", "--rules", company / "rules", env=env_with(site))
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "EMPLOYEE_ID" in lines["employee_id"]
    assert f"YAML {company.resolve()}/rules/recognizers/employee_id.yaml" in lines["employee_id"]
    assert "package leidur-lv-personal-code 0.1.0" in lines["lv_personal_code"]
    assert "regex \\d{6}-?\\d{5}" in lines["lv_personal_code"]
    assert "built-in" in lines["ee_personal_code"]
    assert "warning" not in result.stderr


def test_recognizers_test_explains_scores_and_masks_unless_revealed(company, site):
    text = "Töötaja TT-004217 puhkuseavaldus"
    masked = run_leidur("recognizers", "test", "--rules", company / "rules", text, env=env_with(site))
    assert masked.returncode == 0, masked.stderr
    assert "text:8  employee_id  EMPLOYEE_ID  score 0.95 = 0.60 + 0.35 context 'töötaja'  TT-******" in masked.stdout
    assert "004217" not in masked.stdout
    revealed = run_leidur("recognizers", "test", "--rules", company / "rules", "--reveal", text, env=env_with(site))
    assert "TT-004217" in revealed.stdout


def test_a_scan_finds_yaml_and_package_identifiers(company, site, share, tmp_path):
    out = tmp_path / "out"
    result = run_leidur("scan", "--quiet", "--jobs", "2", "--rules", company / "rules", "--out", out, share, env=env_with(site))
    assert result.returncode == 0, result.stderr
    rows = {(Path(r["location"]).name, r["entity_type"]): r for r in read_csv(out / "inventory.csv")}
    assert rows[("staff.txt", "EMPLOYEE_ID")]["count"] == "1"  # TT-12345 is not one
    assert rows[("staff.txt", "EMPLOYEE_ID")]["sample"] == "TT-******"
    assert rows[("klienti.csv", "LV_PERSONAL_CODE")]["count"] == "1"
    inventory = (out / "inventory.csv").read_text(encoding="utf-8-sig")
    assert "004217" not in inventory


def test_a_broken_package_or_yaml_stops_the_scan_before_it_starts_with_a_clear_message(company, site, share, tmp_path):
    broken_site = tmp_path / "site"
    (broken_site / "acme_broken").mkdir(parents=True)
    (broken_site / "acme_broken" / "__init__.py").write_text("import acme_core_missing\n", encoding="utf-8")
    add_distribution(broken_site, "acme-broken", "0.3", {"acme": "acme_broken:Recognizer"})
    rules = tmp_path / "rules"
    (rules / "recognizers").mkdir(parents=True)
    (rules / "recognizers" / "bad.yaml").write_text(
        "recognizers:\n  - name: payroll_id\n    supported_entity: PAYROLL_ID\n"
        "    patterns: [{name: payroll, regex: '(\\d+-?)+$', score: 0.5}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    env = env_with(broken_site)
    env["PYTHONPATH"] = f"{site}:{env['PYTHONPATH']}"
    result = run_leidur("scan", "--quiet", "--jobs", "1", "--rules", rules, "--out", out, share, env=env)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "2 recogniser(s) refused" in result.stderr
    assert (
        "package acme-broken 0.3: recogniser 'acme': could not be loaded: "
        "ModuleNotFoundError: No module named 'acme_core_missing'" in result.stderr
    )
    assert f"YAML {rules.resolve()}/recognizers/bad.yaml: recogniser 'payroll_id': patterns[0] (payroll).regex: " in result.stderr
    assert not out.exists()  # refused before anything was scanned
    listed = run_leidur("recognizers", "list", "--rules", rules, env=env)
    assert listed.returncode == 3 and "lv_personal_code" in listed.stdout and "acme-broken" in listed.stderr
