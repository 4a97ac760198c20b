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


_hook: _DeferPatternChecks | None = None


def install() -> None:
    """Defer the checks if Presidio has not been imported yet (cheap: imports nothing)."""
    global _hook
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
