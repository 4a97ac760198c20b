"""Importing Presidio without compiling its predefined recognisers' regexes at import time.

`import presidio_analyzer` imports every predefined recogniser (URL, South
African licence plates, Indian vehicle numbers ...) and each `Pattern(...)` in
their class bodies compiles its regex once, only to check that it is valid:
about 200 regexes, 0.3-0.6 s of every scan's start on this project's machine,
most of it the URL recogniser's list of top-level domains. Leidur uses none
of them (its own recognisers build their patterns after the import, and are
checked as before).

`install()` (called from `scanner/__init__.py`) puts a one-shot import hook in
front: while the `presidio_analyzer` package itself is being imported,
`Pattern`'s validity check does nothing; when that import ends, the check is
put back, whatever happened, and the hook removes itself. A predefined
recogniser that is used later compiles its regex when it first runs, as
Presidio always does. If Presidio was imported before Leidur, or its
`Pattern` changes shape, nothing is changed.

Presidio imports spaCy (its NLP artifacts hold spaCy documents), and
`import spacy` runs `from .cli.info import info`, which imports spaCy's whole
command line: typer, weasel, httpx, jinja2 and twenty commands, about 0.2 s
of CPU in every process, for a scan that never calls them. A second one-shot
hook (`_DeferSpacyCli`) serves `spacy.cli` and `spacy.cli.info` as stand-ins
while the `spacy` package itself is being imported; `spacy.info` becomes a
function that imports the real one when called. When that import ends, the
stand-ins are removed, whatever happened, so a later `import spacy.cli` (or
`python -m spacy`) loads spaCy's real command line. If spaCy was imported
before Leidur, nothing is changed.
"""
from __future__ import annotations

import importlib.machinery
import sys

_PACKAGE = "presidio_analyzer"
_PATTERN = "presidio_analyzer.pattern"
_CHECK = "_Pattern__validate_regex"


class _DeferPatternChecks:
    """A meta path finder (importlib.abc is not imported for it: `leidur --help` stays fast)."""

    def __init__(self):
        self.restore = None  # puts Pattern's check back

    def find_spec(self, name, path=None, target=None):
        if name not in (_PACKAGE, _PATTERN):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module
        if name == _PACKAGE:
            def exec_module(module, _run=run):
                try:
                    _run(module)
                finally:
                    self.finish()
        else:
            def exec_module(module, _run=run):
                _run(module)
                self.defer(module)
        spec.loader.exec_module = exec_module
        return spec

    def defer(self, module) -> None:
        cls = getattr(module, "Pattern", None)
        check = cls.__dict__.get(_CHECK) if isinstance(cls, type) else None
        if not isinstance(check, staticmethod) or _PACKAGE not in sys.modules:
            return  # not what this hook knows, or not imported as part of the package: leave it
        setattr(cls, _CHECK, staticmethod(_unchecked))
        self.restore = lambda: setattr(cls, _CHECK, check)

    def finish(self) -> None:
        if self.restore is not None:
            self.restore()
            self.restore = None
        uninstall()


def _unchecked(pattern: str) -> None:
    return None


_SPACY = "spacy"
_SPACY_CLI = ("spacy.cli", "spacy.cli.info")


def _spacy_info(*args, **kwargs):
    """spaCy's `spacy.info()`: imports spaCy's command line when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _DeferSpacyCli:
    """A meta path finder and, for the two stand-ins, their loader."""

    def __init__(self):
        self.importing = False
        self.standins: dict[str, object] = {}

    def find_spec(self, name, path=None, target=None):
        if self.importing and name in _SPACY_CLI:
            return importlib.machinery.ModuleSpec(name, self, is_package=name == _SPACY_CLI[0])
        if name != _SPACY or self.importing:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module, _run=run):
            self.importing = True
            try:
                _run(module)
            finally:
                self.finish(module)

        spec.loader.exec_module = exec_module
        return spec

    # The loader of the stand-ins: `spacy.cli` is an empty package, `spacy.cli.info` holds `info`.
    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        if module.__name__ == _SPACY_CLI[1]:
            module.info = _spacy_info
        self.standins[module.__name__] = module

    def finish(self, spacy_module) -> None:
        self.importing = False
        for name, standin in self.standins.items():
            if sys.modules.get(name) is standin:
                del sys.modules[name]
        if getattr(spacy_module, "cli", None) is self.standins.get(_SPACY_CLI[0]):
            delattr(spacy_module, "cli")
        self.standins.clear()
        if self in sys.meta_path:
            sys.meta_path.remove(self)


_hook: _DeferPatternChecks | None = None


def install() -> None:
    """Defer the checks if Presidio (and spaCy's command line if spaCy) has not been imported yet (cheap:
    imports nothing)."""
    global _hook
    if _SPACY not in sys.modules and not any(isinstance(f, _DeferSpacyCli) for f in sys.meta_path):
        sys.meta_path.insert(0, _DeferSpacyCli())
    if _hook is None and _PACKAGE not in sys.modules:
        _hook = _DeferPatternChecks()
        sys.meta_path.insert(0, _hook)


def uninstall() -> None:
    global _hook
    if _hook is not None:
        if _hook in sys.meta_path:
            sys.meta_path.remove(_hook)
        if _hook.restore is not None:
            _hook.restore()
        _hook = None
