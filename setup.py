"""Packaging glue: ships the top-level rules/ directory as the `leidur_rules` package, and compiles the
detection hot path with Cython where it can.

The modules in COMPILED are plain Python; a wheel built where Cython and a C
compiler are at hand also carries each of them compiled to a C extension
(5-14 % fewer instructions per byte of detection, docs/benchmarks.md), beside the
.py file, which Python then no longer imports. Nothing else changes: same
code, same results (tests/test_install.py compares the findings of both).
Where the extension cannot be built (no compiler, no Python headers), or
with LEIDUR_PURE_PYTHON=1, or in an editable install (an extension there
would hide every later edit of its .py file), the package is pure Python.
"""
import os
import sys
import sysconfig

from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext

# The modules every window and every match goes through (profiles in docs/benchmarks.md), and the
# spreadsheet reader, whose loop runs once per cell.
COMPILED = [
    "scanner/detect/compiled.py",
    "scanner/detect/context.py",
    "scanner/detect/detector.py",
    "scanner/detect/hotpath.py",
    "scanner/detect/keys.py",
    "scanner/detect/prefilter.py",
    "scanner/detect/values.py",
    "scanner/extractors/office.py",
    "scanner/extractors/streams.py",
    "scanner/extractors/text.py",
    "scanner/models.py",
    "scanner/names/features.py",
    "scanner/names/lexicon.py",
    "scanner/names/model.py",
    "scanner/recognizers/base.py",
    "scanner/recognizers/credit_card.py",
    "scanner/recognizers/ee_address.py",
    "scanner/recognizers/ee_business_codes.py",
    "scanner/recognizers/ee_personal_code.py",
    "scanner/recognizers/email_address.py",
    "scanner/recognizers/iban_code.py",
    "scanner/recognizers/ip_address.py",
    "scanner/recognizers/name_lists.py",
    "scanner/recognizers/person_name.py",
    "scanner/recognizers/person_name_rules.py",
    "scanner/recognizers/phone_number.py",
]


class OptionalBuildExt(build_ext):
    """Translates the modules to C with Cython and compiles them in parallel, when (and only when) the
    extensions are built: never for metadata, never in an editable install. An extension that fails to
    build is left out with a warning, never an error."""

    def finalize_options(self):
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def run(self):
        if getattr(self, "editable_mode", False) or not self.extensions:
            return  # see the module's docstring
        try:
            from Cython.Build import cythonize

            translated = cythonize(
                list(self.extensions), build_dir="build/cython", quiet=True, nthreads=self.parallel,
                # Plain Python semantics: annotations are documentation, never C types (a `dict`
                # annotation must still take a defaultdict), and Python 3 everywhere.
                compiler_directives={"language_level": 3, "annotation_typing": False, "binding": True},
            )
            # cythonize() returns new Extension objects (with the C sources), but setuptools has
            # finalised the old ones (its private `_needs_stub`, its `ext_map`): they take the new sources.
            by_name = {ext.name: ext for ext in translated}
            for ext in self.extensions:
                ext.__dict__.update({key: value for key, value in vars(by_name[ext.name]).items()
                                     if not key.startswith("_")})
            super().run()
        except Exception as exc:  # no Cython, or the compiler itself missing: raised before any extension
            _skipped(f"{type(exc).__name__}: {exc}")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:
            _skipped(f"{ext.name}: {type(exc).__name__}: {exc}")


def _skipped(reason: str) -> None:
    print(f"leidur: building the compiled hot path failed, installing pure Python ({reason})", file=sys.stderr)


def extensions() -> list[Extension]:
    """One extension per module of COMPILED (its .py source: Cython translates it when it is built)."""
    if os.environ.get("LEIDUR_PURE_PYTHON", "") not in ("", "0") or "editable_wheel" in sys.argv:
        return []
    if not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")):
        _skipped("the Python headers are not installed; Debian: apt install python3-dev")
        return []
    return [Extension(path.removesuffix(".py").replace("/", "."), [path]) for path in COMPILED]


setup(
    # recognizers/ and scanner/names/data/ hold only data files, but Python could import them as
    # namespace packages: list them as packages.
    packages=find_packages(include=["scanner", "scanner.*"])
    + ["scanner.names.data", "leidur_rules", "leidur_rules.recognizers"],
    package_dir={"leidur_rules": "rules"},
    ext_modules=extensions(),
    cmdclass={"build_ext": OptionalBuildExt},
)
