"""Every recogniser a scan uses, from one loading path: built-ins, `leidur.recognizers` packages, YAML files.

Each candidate is loaded and checked on its own, so one broken recogniser (a
bad regex in a YAML file, a package that fails to import) becomes a
`RecognizerProblem` naming its origin, never an exception that stops the
others. `scan` refuses to start while there are problems (see
docs/recognizers.md); worker processes, which load the same set again, skip
a broken one rather than die.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from presidio_analyzer import EntityRecognizer, PatternRecognizer

from scanner.recognizers.base import LANGUAGE
from scanner.recognizers.regex_safety import prefilter_problem, regex_problem
from scanner.recognizers.yaml_loader import ACCEPTED_LANGUAGES, YamlProblem, load_file, recognizer_files

ENTRY_POINT_GROUP = "leidur.recognizers"
BUILTIN_ORIGIN = "built-in"
# Presidio lets one regex match run for 60 s; windows are at most a few KB, so a few seconds is generous.
REGEX_TIMEOUT_SECONDS = 5

log = logging.getLogger("leidur.recognizers")


@dataclass
class LoadedRecognizer:
    name: str
    recognizer: EntityRecognizer
    origin: str  # "built-in", "YAML <file>", "package <distribution> <version>"
    languages: tuple[str, ...] = (LANGUAGE,)  # as declared; all are analysed as LANGUAGE
    default: bool = False  # built-in or shipped with Leidur's rules
    replaces: str = ""  # the origin of the default recogniser of the same name this one replaced

    @property
    def entities(self) -> list[str]:
        return list(self.recognizer.supported_entities)

    @property
    def prefilter(self) -> Optional[str]:
        return getattr(self.recognizer, "PREFILTER", None)

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(getattr(self.recognizer, "KEYWORDS", ()) or ())

    @property
    def reads_whole_text(self) -> bool:
        """It finds its own candidates in whole chunks (the name model): no prefilter needed."""
        return bool(getattr(self.recognizer, "READS_WHOLE_TEXT", False))

    @property
    def runs_on_all_text(self) -> bool:
        return not self.prefilter and not self.keywords and not self.reads_whole_text


@dataclass
class RecognizerProblem:
    origin: str
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: " + (f"recogniser {self.name!r}: " if self.name else "") + self.message


class RecognizerError(ValueError):
    """Recognisers that cannot be used; the message lists each with its origin and field."""

    def __init__(self, problems: list[RecognizerProblem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} recogniser(s) refused; fix or remove them:\n{lines}")


@dataclass
class Candidate:
    """A recogniser not yet loaded: its name, where it comes from, and how to make it."""

    name: str
    origin: str
    make: Callable[[], object]
    languages: tuple[str, ...] = (LANGUAGE,)
    builtin: bool = False
    default: bool = False  # built-in or shipped with Leidur: a user's recogniser of the same name replaces it
    enabled: bool = True  # a user's disabled one (`enabled: false`) turns off the default of its name


@dataclass
class LoadResult:
    loaded: list[LoadedRecognizer] = field(default_factory=list)
    problems: list[RecognizerProblem] = field(default_factory=list)
    turned_off: list[tuple[str, str, str]] = field(default_factory=list)  # (name, by origin, default's origin)

    @property
    def recognizers(self) -> list[EntityRecognizer]:
        return [entry.recognizer for entry in self.loaded]


def load_reference(reference: str):
    import importlib

    module_name, _, attribute = reference.partition(":")
    target = importlib.import_module(module_name)
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def builtin_candidates(table: dict[str, str]) -> Iterator[Candidate]:
    for name, reference in table.items():
        yield Candidate(name, BUILTIN_ORIGIN, _instantiate_reference(reference), builtin=True, default=True)


def package_candidates(group: str = ENTRY_POINT_GROUP) -> Iterator[Candidate]:
    """Recognisers installed by other packages: entry points naming a recogniser class."""
    for entry_point in metadata.entry_points(group=group):
        dist = getattr(entry_point, "dist", None)
        origin = f"package {dist.name} {dist.version}" if dist is not None else f"entry point {entry_point.value}"
        yield Candidate(entry_point.name, origin, _instantiate_entry_point(entry_point))


def yaml_candidates(rules_dirs: Iterable[Path], problems: list[RecognizerProblem],
                    default: bool = False) -> Iterator[Candidate]:
    for rules_dir in rules_dirs:
        for path in recognizer_files(Path(rules_dir)):
            yield from file_candidates(path, problems, default)


def file_candidates(path: Path, problems: list[RecognizerProblem], default: bool = False) -> Iterator[Candidate]:
    """The enabled recognisers of one YAML file; each broken one becomes a problem."""
    for spec in load_file(path):
        if isinstance(spec, YamlProblem):
            problems.append(RecognizerProblem(f"YAML {path}", spec.name, spec.detail))
        else:
            yield Candidate(spec.name, f"YAML {path}", spec.build, languages=spec.languages, default=default,
                            enabled=spec.enabled)


def load_candidates(candidates: Iterable[Candidate], result: LoadResult, names: Optional[set[str]] = None) -> None:
    """Load each candidate on its own; a failure is recorded as a problem and the rest go on.

    A user's recogniser (a package, a `--rules` folder) with the name of a
    default one (built-in or shipped) replaces it, so a copy of the default
    rules folder works as it is, and a disabled one in that copy turns the
    default off; two of the user's own with one name are refused.
    """
    seen: dict[str, LoadedRecognizer] = {entry.name: entry for entry in result.loaded}
    for candidate in candidates:
        if names is not None and candidate.name not in names:
            continue
        previous = seen.get(candidate.name)
        if not candidate.enabled:
            if previous is not None and previous.default and not candidate.default:
                result.loaded.remove(previous)
                del seen[candidate.name]
                result.turned_off.append((candidate.name, candidate.origin, previous.origin))
            continue
        if previous is not None and (candidate.default or not previous.default):
            result.problems.append(RecognizerProblem(
                candidate.origin, candidate.name, f"the name is already used by {previous.origin}; rename one"))
            continue
        try:
            made = candidate.make()
        except Exception as exc:  # a third-party package may raise anything while importing
            result.problems.append(RecognizerProblem(candidate.origin, candidate.name, f"could not be loaded: {_describe(exc)}"))
            continue
        problem = check_recognizer(made, candidate.builtin)
        if problem:
            result.problems.append(RecognizerProblem(candidate.origin, candidate.name, problem))
            continue
        made.supported_language = LANGUAGE  # Estonian and English text is analysed as one language
        if not candidate.builtin:
            _name_failures(made, candidate.name, candidate.origin)
        entry = LoadedRecognizer(candidate.name, made, candidate.origin, candidate.languages, candidate.default)
        if previous is None:
            result.loaded.append(entry)
        else:
            entry.replaces = previous.origin
            result.loaded[result.loaded.index(previous)] = entry
        seen[candidate.name] = entry


def check_recognizer(recognizer: object, builtin: bool = False) -> Optional[str]:
    """Why a loaded object cannot be used as a recogniser, or None."""
    if not isinstance(recognizer, EntityRecognizer):
        return f"is a {type(recognizer).__name__}, not a Presidio EntityRecognizer (subclass LeidurPatternRecognizer)"
    if not recognizer.supported_entities or not all(isinstance(e, str) and e for e in recognizer.supported_entities):
        return "declares no entity type (set ENTITY or supported_entity)"
    if recognizer.supported_language not in ACCEPTED_LANGUAGES:
        return f"supported_language {recognizer.supported_language!r} is not analysed by Leidur; use en or et"
    keywords = getattr(recognizer, "KEYWORDS", ()) or ()
    if isinstance(keywords, str) or not all(isinstance(k, str) and k for k in keywords):
        return "KEYWORDS must be a list or tuple of non-empty strings"
    window = getattr(recognizer, "WINDOW", 120)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        return "WINDOW must be a positive whole number of characters"
    prefilter = getattr(recognizer, "PREFILTER", None)
    if prefilter is not None:
        problem = prefilter_problem(prefilter)
        if problem:
            return f"PREFILTER {problem}"
    if not builtin and isinstance(recognizer, PatternRecognizer):
        for pattern in recognizer.patterns:
            problem = regex_problem(pattern.regex, recognizer.global_regex_flags or 0)
            if problem:
                return f"pattern {pattern.name!r} {problem}"
    return None


def bound_regex_time() -> None:
    """Cap each Presidio regex match at REGEX_TIMEOUT_SECONDS unless the user set REGEX_TIMEOUT_SECONDS."""
    import os

    from presidio_analyzer import pattern_recognizer

    if "REGEX_TIMEOUT_SECONDS" not in os.environ:
        pattern_recognizer.REGEX_TIMEOUT_SECONDS = min(pattern_recognizer.REGEX_TIMEOUT_SECONDS, REGEX_TIMEOUT_SECONDS)


class RecognizerFailed(RuntimeError):
    """A recogniser raised while analysing; names it, without the text it was given."""


def _name_failures(recognizer: EntityRecognizer, name: str, origin: str) -> None:
    """Make an exception from a third-party recogniser say which one failed (it lands in errors.csv).

    Only the exception's type is kept: its message could quote the text being
    analysed, which is personal data.
    """
    analyze = recognizer.analyze

    def analyze_naming_failures(*args, **kwargs):
        try:
            return analyze(*args, **kwargs)
        except RecognizerFailed:
            raise  # a shared instance loaded twice in one process is wrapped twice
        except Exception as exc:
            raise RecognizerFailed(f"{analyze_naming_failures.leidur_failure_label} raised {type(exc).__name__}") from None

    analyze_naming_failures.leidur_failure_label = f"recogniser {name!r} ({origin})"
    recognizer.analyze = analyze_naming_failures


def failure_label(recognizer: EntityRecognizer) -> Optional[str]:
    """How a failure of this recogniser is named ("recogniser 'x' (package y 1.0)"), if the loader wrapped it."""
    return getattr(recognizer.__dict__.get("analyze"), "leidur_failure_label", None)


def _instantiate_reference(reference: str) -> Callable[[], object]:
    return lambda: _instantiate(load_reference(reference))


def _instantiate_entry_point(entry_point) -> Callable[[], object]:
    return lambda: _instantiate(entry_point.load())


def _instantiate(target):
    """A class is instantiated with no arguments; a ready instance is used as it is."""
    return target() if isinstance(target, type) else target


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
