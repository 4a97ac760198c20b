"""Optional libraries: the extras table matches pyproject.toml and the imports, and a missing one is named.

A library is made missing the way Python itself does it: `sys.modules[name] = None`
makes every `import name` raise ModuleNotFoundError, as in an install without it.
tests/test_install.py checks the same on real installs without the extras.
"""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from scanner.extras import EXTRAS, MissingExtra, missing_library
from tests.conftest import REPO
from tests.format_fixtures import build_share

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirement_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def distributions(requirements: list[str]) -> set[str]:
    return {requirement_name(r) for r in requirements if not r.startswith("leidur[")}


def imported_modules(paths) -> dict[str, set[str]]:
    """Top-level module -> the files importing it, for the absolute imports in `paths`."""
    found: dict[str, set[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.partition(".")[0], set()).add(str(path.relative_to(REPO)))
    return found


def third_party(found: dict[str, set[str]]) -> dict[str, set[str]]:
    return {m: f for m, f in found.items() if m not in sys.stdlib_module_names and m not in ("scanner", "__future__")}


def providers(module: str) -> set[str]:
    return {d.lower().replace("_", "-") for d in metadata.packages_distributions().get(module, [])}


OPTIONAL = {extra.name: distributions(PYPROJECT["optional-dependencies"][extra.name]) for extra in EXTRAS}
CORE = distributions(PYPROJECT["dependencies"])


def test_every_extra_is_in_pyproject_and_all_pulls_every_one():
    declared = set(PYPROJECT["optional-dependencies"]) - {"all", "dev"}
    assert {extra.name for extra in EXTRAS} <= declared
    (everything,) = PYPROJECT["optional-dependencies"]["all"]
    assert set(everything.removeprefix("leidur[").removesuffix("]").split(",")) == declared
    assert "leidur[all]" in PYPROJECT["optional-dependencies"]["dev"]


def test_each_module_of_an_extra_comes_from_a_distribution_of_that_extra():
    for extra in EXTRAS:
        for module in extra.modules:
            assert providers(module) & OPTIONAL[extra.name], (extra.name, module, providers(module))
            assert not providers(module) & CORE, f"{module} is a core dependency, not an extra"


def test_every_library_the_scanner_imports_is_core_or_in_an_extra():
    """A new optional import must be added to scanner/extras.py, or the core install breaks unnoticed."""
    code = [p for p in (REPO / "scanner").rglob("*.py") if "synth" not in p.parts]
    in_extras = {module for extra in EXTRAS for module in extra.modules}
    for module, files in third_party(imported_modules(code)).items():
        if module in in_extras:
            continue
        assert providers(module) & CORE, f"{module} (imported by {sorted(files)}) is neither core nor in an extra"
    drivers = {"psycopg", "pymysql"}  # imported by SQLAlchemy for postgresql:// and mysql+pymysql:// URLs
    assert in_extras - drivers <= set(imported_modules(code)), "an extra names a module the scanner never imports"


def test_the_sample_generators_need_only_core_and_dev_libraries_and_check_them_first():
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", REPO / "sample_data" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    code = list((REPO / "scanner" / "synth").rglob("*.py"))
    allowed = CORE | distributions(PYPROJECT["optional-dependencies"]["dev"]) | set().union(*OPTIONAL.values())
    for module, files in third_party(imported_modules(code)).items():
        assert providers(module) & allowed, f"{module} (imported by {sorted(files)}) is in no dependency list"
        assert module in generate.GENERATOR_LIBRARIES or providers(module) & CORE, module


def test_the_message_names_the_extra_and_the_install_command():
    message = missing_library(ModuleNotFoundError("No module named 'pypdfium2'", name="pypdfium2"))
    assert message == "needs the 'pdf' extra (pypdfium2 is not installed): pip install 'leidur[pdf]'"
    assert "pip install 'leidur[ocr]'" in missing_library(ModuleNotFoundError(name="PIL.Image"))
    assert "mysql+pymysql://" in missing_library(ModuleNotFoundError(name="MySQLdb"))
    assert missing_library(ModuleNotFoundError(name="acme_missing")) is None
    assert missing_library(ValueError("pypdfium2")) is None


def without(monkeypatch, module: str) -> None:
    """Make `module` (and its cached submodules) impossible to import for this test."""
    for name in [n for n in sys.modules if n.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)


@pytest.fixture(scope="module")
def share(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("extras-share")
    build_share(root)
    return root


def extract_file(path: Path):
    from scanner.extractors import ExtractContext, extract

    errors = []
    with open(path, "rb") as stream:
        chunks = list(extract(stream, path.name, ExtractContext(report_error=errors.append), name=path.name))
    return chunks, errors


@pytest.mark.parametrize("name, missing, extra", [
    ("aruanne.pdf", "pypdfium2", "pdf"),
    ("palgad.xlsx", "python_calamine", "office"),
    ("tabel.ods", "python_calamine", "office"),
    ("vana.xls", "olefile", "office"),
    ("vana.rtf", "striprtf", "office"),
    ("kiri.msg", "extract_msg", "office"),
    ("kaust.7z", "py7zr", "archives"),
])
def test_a_format_whose_extra_is_missing_is_one_error_naming_it(share, monkeypatch, name, missing, extra):
    chunks, errors = extract_file(share / name)
    assert chunks and not errors  # read while the library is there
    without(monkeypatch, missing)
    chunks, errors = extract_file(share / name)
    assert chunks == []
    assert [(e.location, e.stage) for e in errors] == [(name, "not scanned")]
    assert f"needs the '{extra}' extra ({missing} is not installed): pip install 'leidur[{extra}]'" in errors[0].error


def test_a_member_of_an_archive_whose_extra_is_missing_is_named_and_the_rest_is_read(tmp_path, share, monkeypatch):
    import zipfile

    with zipfile.ZipFile(tmp_path / "koos.zip", "w") as archive:
        archive.write(share / "aruanne.pdf", "aruanne.pdf")
        archive.writestr("loe.txt", "isikukood 38001085718")
    without(monkeypatch, "pypdfium2")
    chunks, errors = extract_file(tmp_path / "koos.zip")
    assert [c.location for c in chunks] == ["koos.zip!loe.txt"]
    assert [(e.location, e.stage) for e in errors] == [("koos.zip!aruanne.pdf", "not scanned")]
    assert "pip install 'leidur[pdf]'" in errors[0].error


def test_an_smb_target_without_its_extra_is_a_usage_error_naming_it(monkeypatch):
    from scanner.engine import ScanOptions
    from scanner.sources import open_source
    from scanner.targets import parse_target

    for module in ("scanner.sources.smb", "scanner.sources.smb_names"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    without(monkeypatch, "smbclient")
    with pytest.raises(MissingExtra) as refused:
        open_source(parse_target("smb://skanner:Sala-9@fileserver/Personal"), ScanOptions())
    assert str(refused.value).startswith("smb://skanner@fileserver/Personal: needs the 'smb' extra")
    assert "pip install 'leidur[smb]'" in str(refused.value) and "Sala-9" not in str(refused.value)


@pytest.mark.parametrize("url, missing, extra", [
    ("postgresql://scanner:Sala-9@db.internal/crm", "psycopg", "postgres"),
    ("mysql+pymysql://scanner:Sala-9@db.internal/hr", "pymysql", "mysql"),
])
def test_a_database_target_without_its_driver_is_a_usage_error_naming_the_extra(monkeypatch, url, missing, extra):
    from scanner.engine import ScanOptions
    from scanner.sources import open_source
    from scanner.targets import parse_target

    without(monkeypatch, missing)
    with pytest.raises(MissingExtra) as refused:
        open_source(parse_target(url), ScanOptions())
    assert f"pip install 'leidur[{extra}]'" in str(refused.value) and "Sala-9" not in str(refused.value)


def test_a_postgresql_state_store_without_the_driver_names_the_extra(monkeypatch):
    from scanner.state.store import StateStore, StateStoreError

    without(monkeypatch, "psycopg")
    with pytest.raises(StateStoreError) as refused:
        StateStore("postgresql://leidur:Sala-9@db.internal/leidur")
    assert "pip install 'leidur[postgres]'" in str(refused.value) and "Sala-9" not in str(refused.value)


def test_ocr_without_its_extra_stops_the_scan_before_it_starts(tmp_path, monkeypatch):
    from scanner.api import ScanRequest, scan_and_report
    from scanner.targets import parse_target

    (tmp_path / "share").mkdir()
    without(monkeypatch, "PIL")
    with pytest.raises(MissingExtra, match=r"^--ocr: needs the 'ocr' extra \(PIL is not installed\): pip install 'leidur\[ocr\]'$"):
        scan_and_report(ScanRequest([parse_target(str(tmp_path / "share"))], out_dir=tmp_path / "out", ocr=True))
    assert not (tmp_path / "out").exists()
