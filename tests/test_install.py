"""Leidur as a user installs it: the wheel in a fresh venv, plain and with [all], run from outside the source tree.

The editable dev install hides what a wheel leaves out (the rules package, a
module missing from the package list) and what a core install lacks (an
optional library imported on the core path). These tests build the wheel once
per session, install it into one venv per flavour (both at once, from pip's
cache) and run the installed `leidur` console script from another folder,
with no PYTHONPATH, on a copy of sample_data/.
"""
from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scanner.extras import EXTRAS
from scanner.inventory.export import read_inventory_csv
from tests.conftest import REPO, SAMPLE_DATA, TEST_KEY, can_unshare, read_csv

pytestmark = pytest.mark.installs

FLAVOURS = {"plain": "", "all": "[all]"}
OPTIONAL_MODULES = sorted({module for extra in EXTRAS for module in extra.modules})


def source_copy(target: Path) -> Path:
    """The files a clone would have (tracked, plus new files not ignored): no .venv, no build leftovers."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True)
    if listed.returncode != 0:  # not a git checkout (an unpacked source archive): copy what a build reads
        shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
            ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", "out", "leidur-out"))
        return target
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    return target


class Install:
    """A venv being created and filled in the background; `venv()` waits for it."""

    def __init__(self, root: Path, wheel: Path, extras: str):
        self.root = root
        self.log = root.with_suffix(".log")
        pip = f"{shlex.quote(str(root))}/bin/pip install --no-compile --disable-pip-version-check -q"
        command = (f"{shlex.quote(sys.executable)} -m venv {shlex.quote(str(root))} && "
                   f"{pip} {shlex.quote(str(wheel) + extras)}")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(["sh", "-c", command], stdout=log, stderr=subprocess.STDOUT)

    def venv(self) -> Path:
        if self.process.wait(timeout=1200) != 0:
            pytest.fail(f"installing {self.root.name} failed:\n{self.log.read_text(errors='replace')[-3000:]}")
        return self.root


def build_wheel(source: Path, dist: Path, **env) -> tuple[Path, str]:
    """The wheel pip builds from `source` into `dist` (as `pip install .` does), and what the build printed."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(dist), str(source)],
                           capture_output=True, text=True, timeout=900, env=dict(os.environ, **env))
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = dist.glob("leidur-*.whl")
    return wheel, built.stdout + built.stderr


@pytest.fixture(scope="session")
def source(tmp_path_factory) -> Path:
    return source_copy(tmp_path_factory.mktemp("installs") / "source")


@pytest.fixture(scope="session")
def built(source) -> tuple[Path, str]:
    """The wheel `pip install .` builds here (with the compiled hot path), and what its build printed."""
    return build_wheel(source, source.parent / "dist")


@pytest.fixture(scope="session")
def installs(built) -> dict[str, Install]:
    wheel, _ = built
    return {name: Install(wheel.parent.parent / name, wheel, extras) for name, extras in FLAVOURS.items()}


@pytest.fixture(scope="session")
def plain(installs) -> Path:
    return installs["plain"].venv()


@pytest.fixture(scope="session")
def full(installs) -> Path:
    return installs["all"].venv()


@pytest.fixture(params=sorted(FLAVOURS))
def venv(request, installs) -> Path:
    return installs[request.param].venv()


@pytest.fixture
def workdir(tmp_path) -> Path:
    """A folder outside the source tree holding a copy of sample_data/ and of the rules folder."""
    shutil.copytree(SAMPLE_DATA, tmp_path / "sample_data", ignore=shutil.ignore_patterns("generate.py", "__pycache__"))
    return tmp_path


def clean_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(LEIDUR_KEY=TEST_KEY, XDG_CONFIG_HOME=str(home / "xdg"), HOME=str(home))
    return env


def run(venv: Path, cwd: Path, *args, offline: bool = True, timeout: int = 600) -> subprocess.CompletedProcess:
    """The installed console script, run in `cwd` with no PYTHONPATH (and no network where possible)."""
    command = [str(venv / "bin" / "leidur"), *map(str, args)]
    if offline and can_unshare():
        command = ["unshare", "-rn", *command]
    return subprocess.run(command, cwd=cwd, env=clean_env(cwd), capture_output=True, text=True, timeout=timeout)


def python(venv: Path, cwd: Path, code: str) -> str:
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=cwd, env=clean_env(cwd),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def scan_sample(venv: Path, workdir: Path, *options) -> tuple[subprocess.CompletedProcess, list[dict], list[dict]]:
    result = run(venv, workdir, "scan", "sample_data", "--out", "out", "--jobs", "2", *options)
    assert "Traceback" not in result.stderr, result.stderr
    inventory = read_inventory_csv(workdir / "out" / "inventory.csv")
    return result, inventory, read_csv(workdir / "out" / "errors.csv")


def files_with(inventory: list[dict], entity: str) -> set[str]:
    """sample_data-relative files (the container, for archive members and messages) holding `entity`."""
    return {row["location"].split("!")[0].removeprefix("sample_data/") for row in inventory if row["entity_type"] == entity}


# Files in the core formats (text, CSV, JSON, HTML, XML, logs, mbox, Maildir, SQLite, docx/odt/pptx, zip, tar.gz)
# that hold a personal code or an e-mail address: a core install must find them.
CORE_FILES = {
    "EE_PERSONAL_CODE": {"share/Kliendid/kliendid_2024.csv", "share/Kliendid/kirjad/leping_001.txt",
                         "share/Kliendid/kirjad/leping_utf16.txt", "share/Lepingud/allkirjastajad.xml", "crm.sqlite", "documents/tooleping.docx",
                         "documents/avaldus.odt", "documents/varukoopia.tar.gz",
                         "records/Raamatupidamine/arhiiv-2014.zip"},
    "EMAIL_ADDRESS": {"share/Veeb/kontakt.html", "mail/archive.mbox", "share/IT/logid/access.log"},
    "CREDIT_CARD": {"share/Raamatupidamine/maksed.json"},
}
# What only an extra reads, and the extra each names in errors.csv when it is missing.
EXTRA_FILES = {"documents/aruanne.pdf": "pdf", "documents/palgaarvestus.xlsx": "office",
               "documents/kliendid.ods": "office", "documents/kiri.msg": "office", "documents/volikiri.rtf": "office"}


def test_each_install_runs_from_its_own_venv_with_what_its_flavour_promises(venv, tmp_path):
    where = python(venv, tmp_path, "import scanner, leidur_rules\nfrom scanner.rulebook import default_rules_dir\n"
                                   "print(scanner.__file__); print(default_rules_dir())").split()
    site = str(venv / "lib")
    assert all(path.startswith(site) and "site-packages" in path for path in where), where
    assert Path(where[1], "recognizers", "ee_vehicle_plate.yaml").is_file()  # the rules package is in the wheel
    # The fideslang names' snapshot is in the wheel, and what the rulebook is checked against equals fideslang's own.
    taxonomy = python(venv, tmp_path, "from scanner.rulebook import taxonomy\n"
                                      "print(taxonomy.SNAPSHOT.is_file(), taxonomy._keys() == taxonomy.live_keys())")
    assert taxonomy.split() == ["True", "True"], taxonomy
    present = python(venv, tmp_path, "import importlib.util\n"
                                     f"print(' '.join(m for m in {OPTIONAL_MODULES!r} if importlib.util.find_spec(m)))")
    assert set(present.split()) == (set(OPTIONAL_MODULES) if venv.name == "all" else set())


def compiled_modules() -> list[str]:
    """The modules setup.py compiles (its COMPILED list), as module names."""
    tree = ast.parse((REPO / "setup.py").read_text())
    (listed,) = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                 and any(getattr(target, "id", "") == "COMPILED" for target in node.targets)]
    return [path.removesuffix(".py").replace("/", ".") for path in ast.literal_eval(listed)]


# Every finding (document, type, span, score, recogniser, keyed hash) of the evaluation corpus, digested.
DETECT_EVALUATION = """
import hashlib, io, json
from scanner.detect.detector import Detector
from scanner.extractors.text import iter_chunks
from scanner.recognizers import load_all
detector = Detector(load_all(), b"install-test")
found = []
for line in open({corpus!r}, encoding="utf-8"):
    document = json.loads(line)
    detector.start_document()
    for chunk in iter_chunks(io.BytesIO(document["text"].encode()), document["id"]):
        found += [(document["id"], f.entity_type, f.start, f.end, f.score, f.recognizer, f.fingerprint)
                  for f in detector.detect(chunk)]
print(len(found), hashlib.sha256(repr(found).encode()).hexdigest())
"""


@pytest.fixture(scope="session")
def pure_python_findings() -> str:
    """The digest above from the source tree itself (the editable install: pure Python)."""
    done = subprocess.run([sys.executable, "-c", DETECT_EVALUATION.format(corpus=str(REPO / "evaluation" / "corpus.jsonl"))],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_wheel_runs_the_compiled_hot_path_and_finds_exactly_what_pure_python_finds(venv, tmp_path, pure_python_findings,
                                                                                      built):
    """setup.py compiles the hot path where a C compiler is at hand (scripts/test.sh installs one)."""
    assert "building the compiled hot path failed" not in built[1]  # every module built, none reported failed
    modules = compiled_modules()
    origins = python(venv, tmp_path, "import importlib.util\n"
                                     f"for name in {modules!r}: print(name, importlib.util.find_spec(name).origin)")
    loaded = dict(line.split() for line in origins.splitlines())
    assert set(loaded) == set(modules) and len(modules) >= 20
    plain = [name for name, origin in loaded.items() if not origin.endswith(".so")]
    assert not plain, plain
    assert python(venv, tmp_path, DETECT_EVALUATION.format(corpus=str(REPO / "evaluation" / "corpus.jsonl"))) \
        == pure_python_findings
    assert int(pure_python_findings.split()[0]) > 3000  # the whole corpus was read


def test_a_recogniser_package_subclassing_the_compiled_base_runs_on_the_hot_path(venv, tmp_path):
    """docs/recognizers.md's example plugin beside a compiled install: its class derives from the compiled
    LeidurPatternRecognizer, runs through the hot path's own loop and finds its codes in a scan."""
    from tests.plugin_site import install_example

    site = tmp_path / "site"
    install_example(site, REPO / "examples" / "leidur-lv-personal-code")
    env = dict(clean_env(tmp_path), PYTHONPATH=str(site))
    probe = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import scanner.recognizers.base as base\n"
                            "from scanner.detect.hotpath import is_plain_pattern_recognizer\n"
                            "from leidur_lv.personal_code import LatvianPersonalCodeRecognizer, check_digit\n"
                            "print(base.__file__.endswith('.so'), is_plain_pattern_recognizer(LatvianPersonalCodeRecognizer()))\n"
                            "print('1203851234' + str(check_digit('1203851234')))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    flags, code = probe.stdout.splitlines()
    assert flags == "True True"
    (tmp_path / "klient.txt").write_text(f"Klients {code[:6]}-{code[6:]}, tellimus 1203851234\n", encoding="utf-8")
    scanned = subprocess.run([str(venv / "bin" / "leidur"), "scan", "klient.txt", "--out", "out"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert scanned.returncode == 0, scanned.stderr
    found = {(row["entity_type"], row["count"]) for row in read_inventory_csv(tmp_path / "out" / "inventory.csv")}
    assert ("LV_PERSONAL_CODE", "1") in found, found


def fresh_source(source: Path, target: Path) -> Path:
    """A copy of `source` without its build output, but with Cython's C files (up to date: not made again)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    if (source / "build" / "cython").is_dir():
        shutil.copytree(source / "build" / "cython", target / "build" / "cython")
    return target


def test_an_in_place_build_compiles_every_module_beside_its_source(source, tmp_path):
    """What benchmarks/compiled_tree.py runs for the benchmark report: `setup.py build_ext --inplace`."""
    tree = fresh_source(source, tmp_path / "tree")
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=tree,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "building the compiled hot path failed" not in done.stderr, done.stderr[-3000:]
    paths = [tree / (name.replace(".", "/") + ".py") for name in compiled_modules()]
    missing = [path for path in paths if not list(path.parent.glob(path.stem + ".cpython-*.so"))]
    assert len(paths) >= 20 and all(path.is_file() for path in paths)
    assert not missing, missing


def test_a_build_without_a_c_compiler_or_with_leidur_pure_python_gives_a_pure_python_wheel(source, installs, tmp_path):
    """No compiler (CC names a program that fails), or the switch: the wheel still builds, without
    extensions; only the failed compiler is reported."""
    wheel, printed = build_wheel(fresh_source(source, tmp_path / "a"), tmp_path / "no-compiler", CC="false", LDSHARED="false")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "scanner/detect/hotpath.py" in names and not [name for name in names if name.endswith(".so")]
    assert "building the compiled hot path failed, installing pure Python" in printed
    wheel, printed = build_wheel(fresh_source(source, tmp_path / "b"), tmp_path / "switched-off", LEIDUR_PURE_PYTHON="1")
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    assert "building the compiled hot path failed" not in printed


def test_plain_install_scans_the_core_formats_and_names_the_extras_it_lacks(plain, workdir):
    result, inventory, errors = scan_sample(plain, workdir)
    assert result.returncode == 1, result.stderr
    for entity, files in CORE_FILES.items():
        assert files <= files_with(inventory, entity), (entity, sorted(files - files_with(inventory, entity)))
    assert any(row["location"].startswith("sample_data/mail/Maildir/") for row in inventory)
    assert all(row["rule_id"] for row in inventory)  # the rulebook was applied
    by_file = {row["location"].removeprefix("sample_data/"): row for row in errors}
    for name, extra in EXTRA_FILES.items():
        assert by_file[name]["stage"] == "not scanned", by_file.get(name)
        assert f"pip install 'leidur[{extra}]'" in by_file[name]["error"]
    attachment = "mail/archive.mbox!palk.2026.4@example-firma.ee!palgaleht.pdf"
    assert "pip install 'leidur[pdf]'" in by_file[attachment]["error"]
    assert not [row for row in errors if "ModuleNotFoundError" in row["error"]]
    assert set(by_file) == set(EXTRA_FILES) | {attachment, "documents/skann.png"}


def test_plain_install_checks_the_shipped_rulebook_and_a_copy_of_it(plain, tmp_path):
    checked = run(plain, tmp_path, "rules", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 error(s)" in checked.stderr and "Traceback" not in checked.stderr
    shipped = Path(re.search(r"files \((.+)\): ", checked.stderr).group(1))  # named so that it can be copied
    assert shipped.is_relative_to(plain) and shipped.name == "leidur_rules"
    shutil.copytree(shipped, tmp_path / "my-rules")
    checked = run(plain, tmp_path, "rules", "check", "my-rules")
    assert checked.returncode == 0 and " 0 error(s)" in checked.stderr, checked.stdout + checked.stderr
    listed = run(plain, tmp_path, "recognizers", "list", "--rules", "my-rules")
    assert listed.returncode == 0 and "replaces the default one of that name" in listed.stdout, listed.stderr
    explained = run(plain, tmp_path, "rules", "explain", "/srv/share/Raamatupidamine/2019/arve.pdf", "EE_PERSONAL_CODE")
    assert explained.returncode == 0 and "accounting-records" in explained.stdout, explained.stderr


@pytest.mark.parametrize("args, extra", [
    (("smb://skanner@127.0.0.1/Personal",), "smb"),
    (("postgresql://scanner@127.0.0.1:9/crm",), "postgres"),
    (("mysql+pymysql://scanner@127.0.0.1:9/hr",), "mysql"),
    (("sample_data/documents", "--ocr"), "ocr"),
])
def test_plain_install_refuses_a_target_or_option_whose_extra_is_missing(plain, workdir, args, extra):
    result = run(plain, workdir, "scan", *args, "--out", "out")
    assert result.returncode == 2, result.stderr
    assert f"pip install 'leidur[{extra}]'" in result.stderr and "Traceback" not in result.stderr
    assert not (workdir / "out").exists()  # refused before anything was read or written


def test_a_copied_rules_folder_works_as_it_is_in_both_installs(venv, workdir):
    """rules/README.md: copy the folder, edit it, and scan with --rules your-copy/."""
    shutil.copytree(REPO / "rules", workdir / "my-rules")
    listed = run(venv, workdir, "recognizers", "list", "--rules", "my-rules")
    assert listed.returncode == 0, listed.stderr
    copy = (workdir / "my-rules" / "recognizers" / "ee_vehicle_plate.yaml").resolve()
    assert f"ee_vehicle_plate from YAML {copy} replaces the default one of that name" in listed.stdout
    result = run(venv, workdir, "scan", "sample_data/share", "--rules", "my-rules", "--out", "out")
    assert result.returncode == 0, result.stderr
    rules = {row["rule_id"] for row in read_inventory_csv(workdir / "out" / "inventory.csv")}
    assert {"customer-contracts", "accounting-records"} <= rules


def test_the_readme_first_command_with_all_extras_reads_every_sample_format(full, workdir):
    """README: `pip install '.[all]' && leidur scan sample_data --out out` exits 1 for skann.png alone."""
    result, inventory, errors = scan_sample(full, workdir)
    assert result.returncode == 1, result.stderr
    assert [(row["location"], row["stage"]) for row in errors] == [("sample_data/documents/skann.png", "not scanned")]
    assert "--ocr" in errors[0]["error"]
    read = files_with(inventory, "EE_PERSONAL_CODE") | files_with(inventory, "EMAIL_ADDRESS") | files_with(inventory, "PERSON")
    assert set(EXTRA_FILES) <= read, sorted(set(EXTRA_FILES) - read)
    for entity, files in CORE_FILES.items():
        assert files <= files_with(inventory, entity)
    checked = run(full, workdir, "rules", "check")
    assert checked.returncode == 0, checked.stderr


def test_all_install_reads_the_scanned_page_with_ocr(full, workdir):
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (scripts/test.sh installs it)")
    (workdir / "scan").mkdir()
    shutil.copy2(workdir / "sample_data" / "documents" / "skann.png", workdir / "scan")
    result = run(full, workdir, "scan", "scan", "--ocr", "--out", "out")
    assert result.returncode == 0, result.stderr
    found = {(row["location"], row["entity_type"]) for row in read_inventory_csv(workdir / "out" / "inventory.csv")}
    assert found == {("scan/skann.png", "EE_PERSONAL_CODE"), ("scan/skann.png", "EMAIL_ADDRESS")}
