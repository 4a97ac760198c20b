"""Recogniser loading: built-ins, YAML rules and entry-point packages through one path, validation, prefilter."""
from __future__ import annotations

import importlib
import textwrap
from pathlib import Path

import pytest

from scanner.detect.detector import Detector
from scanner.recognizers import BUILTIN, check_recognizers, discover, load_all
from scanner.recognizers.base import LANGUAGE
from scanner.recognizers.loading import RecognizerError
from tests.plugin_site import add_distribution

EMPLOYEE_YAML = """
recognizers:
  - name: employee_id
    supported_entity: EMPLOYEE_ID
    supported_language: en
    patterns:
      - name: employee id
        regex: '(?<![\\w-])TT-\\d{6}(?![\\w-])'
        score: 0.6
    context: [töötaja, employee]
    prefilter: '(?i)TT-\\d{6}'
"""


def write_rules(root: Path, text: str, name: str = "company.yaml") -> Path:
    folder = root / "recognizers"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def by_name(result) -> dict:
    return {entry.name: entry for entry in result.loaded}


def test_builtins_load_through_the_plugin_path_with_their_origin():
    result = discover()
    loaded = by_name(result)
    assert not result.problems
    assert set(BUILTIN) <= set(loaded)
    assert all(loaded[name].origin == "built-in" for name in BUILTIN)
    # The shipped YAML recognisers come with the install.
    assert loaded["ee_vehicle_plate"].origin.startswith("YAML ")
    assert len(load_all()) == len(result.loaded)


def test_a_yaml_recogniser_in_a_rules_folder_is_loaded_and_finds_its_identifiers(tmp_path):
    path = write_rules(tmp_path, EMPLOYEE_YAML)
    entry = by_name(discover(rules_dirs=[str(tmp_path)]))["employee_id"]
    assert entry.origin == f"YAML {path}"
    assert entry.entities == ["EMPLOYEE_ID"]
    # Declared English, registered under Leidur's one analysis language.
    assert entry.languages == ("en",) and entry.recognizer.supported_language == LANGUAGE
    detector = Detector(load_all(rules_dirs=[str(tmp_path)]), key=b"k")
    from scanner.models import Chunk

    findings = detector.detect(Chunk("Töötaja TT-004217 ja tellimus TT-12345", "x"))
    assert [(f.entity_type, f.sample, f.score) for f in findings] == [("EMPLOYEE_ID", "TT-******", 0.95)]


def test_names_select_recognisers_of_any_origin(tmp_path):
    write_rules(tmp_path, EMPLOYEE_YAML)
    result = discover(["ee_personal_code", "employee_id", "no_such"], [str(tmp_path)])
    assert [entry.name for entry in result.loaded] == ["ee_personal_code", "employee_id"]
    assert [str(p) for p in result.problems] == ["--recognizer: recogniser 'no_such': no recogniser has this name"]


def recognizer(body: str, name: str = "broken") -> str:
    return f"recognizers:\n  - name: {name}\n" + textwrap.indent(textwrap.dedent(body).strip() + "\n", "    ")


BASE = """
supported_entity: THING
patterns:
  - name: thing
    regex: 'TH-\\d+'
    score: 0.5
prefilter: 'TH-'
"""

BROKEN = [
    ("bad regex", BASE.replace("'TH-\\d+'", "'TH-(\\d'"), "patterns[0] (thing).regex: is not a valid regular expression"),
    ("nested quantifier", BASE.replace("'TH-\\d+'", "'(a+)+$'"), "patterns[0] (thing).regex: has an unbounded quantifier inside another"),
    ("slow alternation", BASE.replace("'TH-\\d+'", "'(a|aa)+$'"), "patterns[0] (thing).regex: took longer than 0.25 s"),
    ("unknown key", BASE + "contxt: [x]\n", "keys: unknown key 'contxt' (did you mean 'context'?)"),
    ("unknown pattern key", BASE.replace("score: 0.5", "score: 0.5\n    weight: 2"), "patterns[0]: unknown key 'weight'"),
    ("score out of range", BASE.replace("score: 0.5", "score: 1.5"), "patterns[0] (thing).score: must be a number from 0 to 1, not 1.5"),
    ("no entity", BASE.replace("supported_entity: THING", ""), "supported_entity: is required"),
    ("lower-case entity", BASE.replace("THING", "thing"), "supported_entity: is required: one entity type in capitals"),
    ("other language", BASE + "supported_language: de\n", "supported_language: 'de' is not analysed by Leidur"),
    ("no patterns", "supported_entity: THING\n", "patterns: give at least one pattern"),
    ("slow prefilter", BASE.replace("prefilter: 'TH-'", "prefilter: '(a+)+$'"), "prefilter: has an unbounded quantifier"),
    ("keywords not a list", BASE + "keywords: thing\n", "keywords: must be a list of non-empty strings"),
    ("predefined type", BASE + "type: predefined\n", "type: only `custom` recognisers"),
]


@pytest.mark.parametrize("body, expected", [(b, e) for _, b, e in BROKEN], ids=[n for n, _, _ in BROKEN])
def test_a_broken_yaml_recogniser_is_refused_naming_file_recogniser_and_field(tmp_path, body, expected):
    text = recognizer(body) + recognizer(BASE, name="fine").split("\n", 1)[1]
    path = write_rules(tmp_path, text)
    result = discover(rules_dirs=[str(tmp_path)])
    problems = [str(p) for p in result.problems]
    assert len(problems) == 1 and problems[0].startswith(f"YAML {path}: recogniser 'broken': ")
    assert expected in problems[0]
    # The other recogniser in the same file still loads; the broken one is not used.
    assert "fine" in by_name(result) and "broken" not in by_name(result)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("recognizers: [\n", "is not valid YAML"),
        ("- name: x\n", "must be a mapping with a `recognizers:` list"),
        ("recognizers: []\nversion: 2\n", "unknown key 'version'"),
        ("recognizers:\n  - supported_entity: X\n", "recognizers[0].name: is required"),
    ],
)
def test_a_broken_yaml_file_is_refused_with_its_name(tmp_path, text, expected):
    path = write_rules(tmp_path, text)
    problems = [str(p) for p in discover(rules_dirs=[str(tmp_path)]).problems]
    assert len(problems) == 1 and problems[0].startswith(f"YAML {path}: ") and expected in problems[0]


def test_check_recognizers_lists_every_problem_and_load_all_skips_them(tmp_path):
    write_rules(tmp_path, recognizer(BASE.replace("0.5", "2")) + "  - name: also_broken\n    supported_entity: X\n")
    with pytest.raises(RecognizerError) as refused:
        check_recognizers([str(tmp_path)])
    message = str(refused.value)
    assert "2 recogniser(s) refused" in message and "'broken'" in message and "'also_broken'" in message
    assert len(load_all(rules_dirs=[str(tmp_path)])) == len(discover().loaded)  # skipped, not raised


def test_two_of_the_users_recognisers_with_one_name_are_refused(tmp_path):
    write_rules(tmp_path / "one", EMPLOYEE_YAML, "a.yaml")
    write_rules(tmp_path / "one", EMPLOYEE_YAML, "b.yaml")
    write_rules(tmp_path / "two", EMPLOYEE_YAML, "c.yaml")
    problems = [str(p) for p in discover(rules_dirs=[str(tmp_path / "one"), str(tmp_path / "two")]).problems]
    assert len(problems) == 2
    assert "b.yaml: recogniser 'employee_id': the name is already used by YAML" in problems[0]
    assert "c.yaml: recogniser 'employee_id': the name is already used by YAML" in problems[1]


def test_a_users_recogniser_replaces_the_built_in_of_the_same_name(tmp_path):
    path = write_rules(tmp_path, recognizer(BASE, name="ee_personal_code"), "c.yaml")
    result = discover(rules_dirs=[str(tmp_path)])
    assert not result.problems
    assert [e.name for e in result.loaded].count("ee_personal_code") == 1
    entry = by_name(result)["ee_personal_code"]
    assert (entry.origin, entry.replaces, entry.entities) == (f"YAML {path}", "built-in", ["THING"])
    detector = Detector(result.recognizers, key=b"k")
    found = {m[0] for m in detector.raw_matches("isikukood 38001085718, tellimus TH-42")}
    assert found == {"THING"}  # the built-in isikukood recogniser is gone, the user's runs


def test_a_copy_of_the_shipped_rules_folder_works_as_it_is(tmp_path):
    """rules/README.md: copy the folder, edit it, scan with --rules your-copy/."""
    import shutil

    from scanner.rulebook import default_rules_dir

    copy = tmp_path / "my-rules"
    shutil.copytree(default_rules_dir(), copy)
    result = discover(rules_dirs=[str(copy)])
    assert not result.problems
    assert len(result.loaded) == len(discover().loaded)
    plate = by_name(result)["ee_vehicle_plate"]
    assert plate.origin == f"YAML {copy / 'recognizers' / 'ee_vehicle_plate.yaml'}"
    assert plate.replaces == f"YAML {default_rules_dir().resolve() / 'recognizers' / 'ee_vehicle_plate.yaml'}"
    check_recognizers([str(copy)])  # what scan runs first: no RecognizerError


def test_a_disabled_recogniser_in_a_copy_turns_the_default_off(tmp_path):
    import shutil

    from scanner.rulebook import default_rules_dir
    from tests.conftest import run_leidur

    copy = tmp_path / "my-rules"
    shutil.copytree(default_rules_dir(), copy)
    plate = copy / "recognizers" / "ee_vehicle_plate.yaml"
    plate.write_text(plate.read_text(encoding="utf-8").replace("    supported_entity:", "    enabled: false\n    supported_entity:"),
                     encoding="utf-8")
    write_rules(copy, recognizer(BASE, name="email_address").replace("    supported_entity", "    enabled: false\n    supported_entity"),
                "no_email.yaml")
    result = discover(rules_dirs=[str(copy)])
    assert not result.problems
    assert {"ee_vehicle_plate", "email_address"}.isdisjoint(by_name(result))
    assert sorted((name, default) for name, _, default in result.turned_off) == [
        ("ee_vehicle_plate", f"YAML {default_rules_dir().resolve() / 'recognizers' / 'ee_vehicle_plate.yaml'}"),
        ("email_address", "built-in")]
    detector = Detector(result.recognizers, key=b"k")
    assert not detector.raw_matches("mari@example.ee, sõiduk 123 ABC")
    listed = run_leidur("recognizers", "list", "--rules", copy)
    assert f"ee_vehicle_plate is turned off by YAML {plate} (enabled: false)" in listed.stdout


def test_recognizers_list_says_which_default_a_copy_replaces(tmp_path):
    import shutil

    from scanner.rulebook import default_rules_dir
    from tests.conftest import run_leidur

    copy = tmp_path / "my-rules"
    shutil.copytree(default_rules_dir(), copy)
    listed = run_leidur("recognizers", "list", "--rules", copy)
    assert listed.returncode == 0, listed.stderr
    assert (f"ee_vehicle_plate from YAML {copy / 'recognizers' / 'ee_vehicle_plate.yaml'} replaces the default one "
            "of that name (YAML ") in listed.stdout
    assert "already used" not in listed.stdout + listed.stderr


def count_analyze_calls(recognizer) -> list:
    calls = []
    original = recognizer.analyze

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    recognizer.analyze = counting
    return calls


def test_a_recogniser_with_a_prefilter_does_not_run_on_text_it_cannot_match(tmp_path):
    write_rules(tmp_path, EMPLOYEE_YAML)
    result = discover(rules_dirs=[str(tmp_path)])
    employee = by_name(result)["employee_id"].recognizer
    detector = Detector(result.recognizers, key=b"k")
    calls = count_analyze_calls(employee)
    plain = "Arve nr 2024-118, summa 1250 eurot. Isikukood 38001085718, tel 5123 4567. " * 50
    detector.raw_matches(plain)
    assert calls == []  # other recognisers ran; this one never saw the text
    matches = detector.raw_matches(plain + " töötaja TT-004217")
    assert len(calls) == 1 and ("EMPLOYEE_ID", len(plain) + 9, len(plain) + 18) == matches[-1][:3]


def test_a_recogniser_without_prefilter_runs_on_all_text_and_is_flagged(tmp_path):
    write_rules(tmp_path, EMPLOYEE_YAML.replace("prefilter: '(?i)TT-\\d{6}'", ""))
    result = discover(rules_dirs=[str(tmp_path)])
    entry = by_name(result)["employee_id"]
    assert entry.runs_on_all_text
    calls = count_analyze_calls(entry.recognizer)
    Detector(result.recognizers, key=b"k").raw_matches("Arve nr 2024-118, summa 1250 eurot.")
    assert len(calls) == 1


def test_deny_list_words_become_prefilter_keywords(tmp_path):
    write_rules(tmp_path, recognizer("supported_entity: PROJECT_CODENAME\ndeny_list: [Kuldnokk, Rähn]\n"))
    entry = by_name(discover(rules_dirs=[str(tmp_path)]))["broken"]
    assert entry.keywords == ("kuldnokk", "rähn") and not entry.runs_on_all_text
    detector = Detector([entry.recognizer], key=b"k")
    assert [m[0] for m in detector.raw_matches("Projekt KULDNOKK algab")] == ["PROJECT_CODENAME"]


@pytest.fixture
def plugin_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    yield site
    importlib.invalidate_caches()


PACKAGE = '''
from presidio_analyzer import Pattern
from scanner.recognizers.base import LeidurPatternRecognizer

class ContractNumberRecognizer(LeidurPatternRecognizer):
    ENTITY = "CONTRACT_NUMBER"
    PATTERNS = [Pattern("contract", r"LEP-\\d{5}", 0.6)]
    KEYWORDS = ("lep-",)

class SlowRecognizer(ContractNumberRecognizer):
    PREFILTER = r"(\\d+)*x"

class PerlPrefilter(ContractNumberRecognizer):
    PREFILTER = r"\\p{Lu}\\d"  # the regex module knows \\p{..}; the prefilter's `re` does not

class Exploding(ContractNumberRecognizer):
    def __init__(self):
        raise RuntimeError("licence file missing")

def not_a_recognizer():
    return "hello"

germans = ContractNumberRecognizer(supported_language="de", name="germans")
'''


def test_packages_load_from_the_entry_point_group_and_broken_ones_are_refused(plugin_site):
    (plugin_site / "acme_recognizers.py").write_text(PACKAGE, encoding="utf-8")
    (plugin_site / "acme_broken.py").write_text("raise ImportError('needs acme-core')\n", encoding="utf-8")
    add_distribution(plugin_site, "acme-recognizers", "1.2", {
        "contract_number": "acme_recognizers:ContractNumberRecognizer",
        "slow": "acme_recognizers:SlowRecognizer",
        "exploding": "acme_recognizers:Exploding",
        "perl": "acme_recognizers:PerlPrefilter",
        "not_one": "acme_recognizers:not_a_recognizer",
        "germans": "acme_recognizers:germans",
        "missing": "acme_broken:Anything",
    })
    importlib.invalidate_caches()
    result = discover()
    loaded = by_name(result)
    assert loaded["contract_number"].origin == "package acme-recognizers 1.2"
    assert loaded["contract_number"].keywords == ("lep-",)
    problems = {p.name: str(p) for p in result.problems}
    assert set(problems) == {"slow", "exploding", "not_one", "germans", "missing", "perl"}
    assert "PREFILTER is not a valid Python regular expression: bad escape \\p" in problems["perl"]
    assert all(p.startswith("package acme-recognizers 1.2: recogniser ") for p in problems.values())
    assert "PREFILTER has an unbounded quantifier" in problems["slow"]
    assert "could not be loaded: RuntimeError: licence file missing" in problems["exploding"]
    assert "is a function, not a Presidio EntityRecognizer" in problems["not_one"]
    assert "supported_language 'de' is not analysed by Leidur" in problems["germans"]
    assert "could not be loaded: ImportError: needs acme-core" in problems["missing"]
    # A worker loads what works and skips the rest without raising.
    assert "CONTRACT_NUMBER" in {e for r in load_all() for e in r.supported_entities}


def test_regex_matches_are_bounded_while_scanning(monkeypatch):
    from presidio_analyzer import pattern_recognizer

    monkeypatch.delenv("REGEX_TIMEOUT_SECONDS", raising=False)
    monkeypatch.setattr(pattern_recognizer, "REGEX_TIMEOUT_SECONDS", 60)
    discover()
    assert pattern_recognizer.REGEX_TIMEOUT_SECONDS == 5


FAILING = '''
from presidio_analyzer import Pattern
from scanner.recognizers.base import LeidurPatternRecognizer

class FlakyRecognizer(LeidurPatternRecognizer):
    ENTITY = "FLAKY"
    PATTERNS = [Pattern("flaky", r"FL-\\d+", 0.6)]
    KEYWORDS = ("fl-",)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        raise ValueError("cannot parse " + text)  # quotes the text: must not reach errors.csv
'''


def test_a_recogniser_failing_mid_scan_costs_one_item_and_is_named_without_the_text(plugin_site, tmp_path):
    from scanner.engine import ScanOptions, run_scan
    from scanner.sources import open_source
    from scanner.targets import parse_target

    (plugin_site / "acme_flaky.py").write_text(FAILING, encoding="utf-8")
    add_distribution(plugin_site, "acme-flaky", "0.1", {"flaky": "acme_flaky:FlakyRecognizer"})
    importlib.invalidate_caches()
    share = tmp_path / "share"
    share.mkdir()
    (share / "a.txt").write_text("FL-1 isikukood 38001085718\n", encoding="utf-8")
    (share / "b.txt").write_text("isikukood 38001085718\n", encoding="utf-8")
    options = ScanOptions(jobs=1, quiet=True)
    result = run_scan([open_source(parse_target(str(share)), options)], options, b"k")
    assert [(Path(e.location).name, e.stage, e.error) for e in result.errors] == [
        ("a.txt", "detect", "RecognizerFailed: recogniser 'flaky' (package acme-flaky 0.1) raised ValueError")
    ]
    assert [(Path(r.location).name, r.entity_type) for r in result.rows] == [("b.txt", "EE_PERSONAL_CODE")]


def test_recognizers_list_warns_about_a_recogniser_without_prefilter(tmp_path):
    from click.testing import CliRunner

    from scanner.commands.recognizers import recognizers

    write_rules(tmp_path, EMPLOYEE_YAML.replace("prefilter: '(?i)TT-\\d{6}'", ""))
    result = CliRunner().invoke(recognizers, ["list", "--rules", str(tmp_path)])
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if line.startswith("employee_id"))
    assert line.endswith("NONE (runs on all text)")
    assert "warning: employee_id declares no prefilter or keywords, so it runs on all text" in result.output


def test_every_yaml_key_is_documented():
    from scanner.recognizers.yaml_loader import PATTERN_KEYS, RECOGNIZER_KEYS

    doc = (Path(__file__).resolve().parent.parent / "docs" / "recognizers.md").read_text(encoding="utf-8")
    assert [key for key in sorted(RECOGNIZER_KEYS | PATTERN_KEYS) if f"`{key}`" not in doc] == []


def test_recognizers_test_reports_a_match_that_the_prefilter_would_hide(tmp_path):
    from click.testing import CliRunner

    from scanner.commands.recognizers import recognizers

    # Case-sensitive prefilter, case-insensitive pattern: lower-case IDs slip past the prefilter.
    write_rules(tmp_path, EMPLOYEE_YAML.replace("'(?i)TT-\\d{6}'", "'TT-\\d{6}'"))
    sample = tmp_path / "sample.txt"
    filler = "Puhkuseavaldus kinnitatud. " * 10  # farther from the first ID than its window reaches
    sample.write_text(f"töötaja TT-004217\n{filler}\ntöötaja tt-000002\n", encoding="utf-8")
    result = CliRunner().invoke(recognizers, ["test", "--recognizer", "employee_id", "--rules", str(tmp_path), str(sample)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "employee_id" in line]
    assert len(lines) == 2
    assert lines[0].startswith(f"{sample}:8  employee_id  EMPLOYEE_ID  score 0.95") and "MISSED" not in lines[0]
    assert lines[1].startswith(f"{sample}:{18 + len(filler) + 9}  ") and lines[1].endswith("MISSED BY THE PREFILTER: a scan would not report this")
    assert "004217" not in result.output and "000002" not in result.output  # masked


def test_a_yaml_recogniser_uses_a_column_header_as_context_like_any_source(tmp_path):
    """Databases and mailboxes reach the detector as chunks with context words (a column header)."""
    from scanner.models import Chunk

    write_rules(tmp_path, EMPLOYEE_YAML.replace("score: 0.6", "score: 0.3"))
    detector = Detector(load_all(rules_dirs=[str(tmp_path)]), key=b"k")
    assert detector.detect(Chunk("TT-004217", "db.staff.code")) == []  # 0.3 is below the threshold
    found = detector.detect(Chunk("TT-004217", "db.staff.code", context=("Töötaja kood",)))
    assert [(f.entity_type, f.score) for f in found] == [("EMPLOYEE_ID", 0.65)]


def test_a_second_scan_in_one_process_sees_a_plugin_installed_and_a_yaml_file_edited_since(plugin_site, tmp_path):
    """A process keeps its Detector between scans only while the recognisers on disk are the same."""
    from scanner.engine import ScanOptions, run_scan
    from scanner.sources import open_source
    from scanner.targets import parse_target

    share = tmp_path / "share"
    share.mkdir()
    (share / "a.txt").write_text("LEP-12345 ja TT-123456, isikukood 38001085718\n", encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    options = ScanOptions(jobs=1, quiet=True, rules_dirs=[str(rules)])

    def found() -> set[str]:
        result = run_scan([open_source(parse_target(str(share)), options)], options, b"k")
        return {row.entity_type for row in result.rows}

    assert found() == {"EE_PERSONAL_CODE"}
    (plugin_site / "acme_recognizers.py").write_text(PACKAGE, encoding="utf-8")
    add_distribution(plugin_site, "acme-recognizers", "1.2", {"contract_number": "acme_recognizers:ContractNumberRecognizer"})
    importlib.invalidate_caches()
    assert found() == {"EE_PERSONAL_CODE", "CONTRACT_NUMBER"}
    write_rules(rules, EMPLOYEE_YAML)
    assert found() == {"EE_PERSONAL_CODE", "CONTRACT_NUMBER", "EMPLOYEE_ID"}
