"""Importing Presidio through Leidur skips compiling its predefined regexes, and changes nothing else."""
from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COUNT = """
import json, sys, regex
compiled = []
_compile = regex.compile
regex.compile = lambda pattern, *a, **k: (compiled.append(pattern), _compile(pattern, *a, **k))[1]
{first}
import presidio_analyzer
from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UrlRecognizer
checked = True
try:
    Pattern("broken", "(", 0.5)
    checked = False
except ValueError:
    pass
urls = [(r.start, r.end) for r in UrlRecognizer().analyze("see https://example.com/a now", ["URL"])]
hooks = [type(f).__name__ for f in sys.meta_path if type(f).__module__ == "scanner.presidio_import"]
print(json.dumps({{"compiled": len(compiled), "checked": checked, "urls": urls, "hooks": hooks}}))
"""


def _run(first: str) -> dict:
    out = subprocess.run([sys.executable, "-c", COUNT.format(first=first)], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return json.loads(out.splitlines()[-1])


def test_predefined_patterns_are_not_compiled_at_import_through_leidur():
    plain = _run("")  # Presidio first: Leidur's hook never sees it
    leidur = _run("import scanner")
    assert plain["compiled"] > 150  # every predefined Pattern(...) checks its regex
    assert leidur["compiled"] < 20, leidur
    assert leidur["hooks"] == []  # one-shot: gone once the import has finished


def test_presidio_behaves_the_same_after_the_import():
    for run in (_run(""), _run("import scanner")):
        assert run["checked"]  # a broken regex in a Pattern made later is still refused
        assert run["urls"] == [[4, 25]]  # a predefined recogniser compiles its regex when it runs


def test_the_hook_leaves_an_earlier_presidio_alone():
    code = ("import presidio_analyzer, sys\nimport scanner\n"
            "assert not any(type(f).__module__ == 'scanner.presidio_import' for f in sys.meta_path)\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


SPACY = """
import json, sys
{first}
import presidio_analyzer
import spacy
imported = {{name: name in sys.modules for name in ("spacy.cli", "spacy.cli.info", "weasel", "typer")}}
tokens = [t.text for t in spacy.blank("et")("Mari Tamm elab Tartus.")]
info = spacy.info(silent=True)  # spaCy's own info(), imported when called
import spacy.cli
real = {{"app": type(spacy.cli.app).__name__, "info_module": sys.modules["spacy.cli.info"].__file__ is not None,
         "download": callable(spacy.cli.download)}}
hooks = [type(f).__name__ for f in sys.meta_path if type(f).__module__ == "scanner.presidio_import"]
print(json.dumps({{"imported": imported, "tokens": tokens, "version": info.get("spacy_version"), "real": real,
                  "hooks": hooks}}))
"""


@functools.lru_cache(maxsize=None)  # two tests read each run
def _run_spacy(first: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SPACY.format(first=first)], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return json.loads(out.splitlines()[-1])


def test_spacy_command_line_is_not_imported_with_presidio_through_leidur():
    plain, leidur = _run_spacy(""), _run_spacy("import scanner")
    assert plain["imported"] == {"spacy.cli": True, "spacy.cli.info": True, "weasel": True, "typer": True}
    assert leidur["imported"] == {"spacy.cli": False, "spacy.cli.info": False, "weasel": False, "typer": False}
    assert leidur["hooks"] == []  # one-shot: gone once spaCy's import has finished


def test_spacy_behaves_the_same_after_the_import():
    plain, leidur = _run_spacy(""), _run_spacy("import scanner")
    assert leidur["tokens"] == plain["tokens"] == ["Mari", "Tamm", "elab", "Tartus", "."]
    assert leidur["version"] == plain["version"] and leidur["version"]  # spacy.info() still answers
    assert leidur["real"] == plain["real"] == {"app": "Typer", "info_module": True, "download": True}


def test_the_hook_leaves_an_earlier_spacy_alone():
    code = ("import spacy, sys\nimport scanner, presidio_analyzer\n"
            "assert 'spacy.cli' in sys.modules and spacy.info.__module__ == 'spacy.cli.info'\n"
            "assert not any(type(f).__module__ == 'scanner.presidio_import' for f in sys.meta_path)\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


THREADS = ("import os, sys\n{first}\nimport presidio_analyzer, numpy\n"
           "print(len(os.listdir('/proc/self/task')), os.environ.get('OPENBLAS_NUM_THREADS'))")


def _threads(first: str, env: dict | None = None) -> list[str]:
    import os

    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | (env or {})
    return subprocess.run([sys.executable, "-c", THREADS.format(first=first)], cwd=ROOT, check=True, env=environment,
                          capture_output=True, text=True, timeout=120).stdout.split()


def test_numpy_starts_no_openblas_threads_through_leidur():
    import os

    threads, setting = _threads("import scanner")
    assert (threads, setting) == ("1", "1")  # numpy (spaCy's, through Presidio) runs no BLAS thread beside the scan
    plain = _threads("")
    if (os.cpu_count() or 1) > 1:
        assert int(plain[0]) > 1 and plain[1] == "None"  # without Leidur, OpenBLAS starts a thread per core
    assert _threads("import scanner", {"OPENBLAS_NUM_THREADS": "2"})[1] == "2"  # a user's own setting is kept
