"""The detector's hot path: Presidio's recognisers on one window, without AnalyzerEngine's per-match machinery.

`AnalyzerEngine.analyze()` builds a RecognizerResult and an AnalysisExplanation
for every match, looks the recognisers up again for every window, walks all
results once per recogniser for context, and sorts and hashes them twice to
remove duplicates: about 60 µs per finding. This module gives the same answer
(tests/test_hotpath.py runs both over the evaluation corpus) by calling each
recogniser's own parts on plain tuples:

- a pattern recogniser (Presidio's PatternRecognizer, Leidur's base, YAML) that
  does not override `analyze()`: its compiled patterns, `validate_result()`,
  `invalidate_result()` and `accept()`;
- any other recogniser (PERSON, a plugin with its own `analyze()`): that
  `analyze()`, called as Presidio calls it;
- a recogniser that overrides `enhance_using_context()`: the window is handed
  to Presidio itself (`fallback`), since only Presidio knows what it expects.

Context words, the score threshold and Presidio's removal of duplicates follow,
with Presidio's rules (see `remove_duplicates`). A pattern that scores below the
threshold, and that no check raises, counts only next to a context word: it is
run only on windows where one of its recogniser's words can occur.
"""
from __future__ import annotations

import logging
import re
from itertools import groupby
from typing import Callable, Sequence

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult, pattern_recognizer
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

from scanner.detect.context import _LOOK_BACK, ContextMatcher, StemContextEnhancer
from scanner.recognizers.base import LeidurPatternRecognizer
from scanner.recognizers.loading import RecognizerFailed, failure_label
from scanner.recognizers.person_name import PersonNameRecognizer, weighed
from scanner.recognizers.untimed import needs_timer

log = logging.getLogger("leidur.detect")

# (entity type, start, end, score, recogniser name, already weighed for context)
Match = tuple[str, int, int, float, str, bool]
Fallback = Callable[[str, list[str], Sequence[str], bool], list[tuple[str, int, int, float, str]]]

_NAME = RecognizerResult.RECOGNIZER_NAME_KEY
_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_ENHANCED = RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY


def remove_duplicates(matches: list[Match]) -> list[Match]:
    """Presidio's `EntityRecognizer.remove_duplicates` on tuples.

    Equal (type, span, score) count once (the first one stays); zero scores go;
    a match inside another of its type that scores at least as much goes.
    """
    unique = list({(m[0], m[1], m[2], m[3]): m for m in reversed(matches)}.values())
    unique.sort(key=lambda m: (m[0], m[1], m[1] - m[2], -m[3]))
    # Mostly nothing overlaps: then nothing is removed either.
    last_type, last_end = None, 0
    for match in unique:
        if match[3] == 0 or match[2] <= match[1] or (match[0] == last_type and match[1] < last_end):
            break
        last_type, last_end = match[0], match[2]
    else:
        return unique
    kept: list[Match] = []
    for _, same_type in groupby(unique, key=lambda m: m[0]):
        active: list[Match] = []
        for match in same_type:
            if match[3] == 0:
                continue
            active = [other for other in active if other[2] >= match[1]]
            for other in active:
                if other[1] <= match[1] and match[2] <= other[2] and match[3] <= other[3]:
                    break  # inside another of its type, at least as sure
            else:
                kept.append(match)
                active.append(match)
    return kept


def is_plain_pattern_recognizer(recognizer: EntityRecognizer) -> bool:
    """True if the recogniser's answer is its patterns, checks and `accept()` alone."""
    if not isinstance(recognizer, PatternRecognizer):
        return False
    cls = type(recognizer)
    if cls.analyze not in (PatternRecognizer.analyze, LeidurPatternRecognizer.analyze):
        return False
    if cls._PatternRecognizer__analyze_patterns is not PatternRecognizer._PatternRecognizer__analyze_patterns:
        return False
    own = recognizer.__dict__.get("analyze")  # replaced on the instance: only the loader's failure naming is plain
    return own is None or failure_label(recognizer) is not None


class _Plan:
    """One recogniser, ready to run on a window."""

    def __init__(self, recognizer: EntityRecognizer):
        self.recognizer = recognizer
        self.name = recognizer.name
        self.context = ContextMatcher(recognizer.context) if recognizer.context else None
        self.context_from_text = getattr(recognizer, "CONTEXT_FROM_TEXT", True)
        self.needs_presidio = type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context
        self.failure = failure_label(recognizer)

    def needs_artifacts(self) -> bool:
        """Whether run() reads the NLP artifacts (Presidio's analyze() takes them)."""
        return True

    def loaded(self) -> EntityRecognizer:
        """The recogniser, loaded on first use as Presidio loads it."""
        recognizer = self.recognizer
        if not recognizer.is_loaded:
            recognizer.load()
            recognizer.is_loaded = True
        return recognizer

    def run(self, text: str, entities: list[str], artifacts) -> list[Match]:
        recognizer = self.loaded()
        found = []
        for result in recognizer.analyze(text=text, entities=entities, nlp_artifacts=artifacts) or ():
            metadata = result.recognition_metadata or {}
            found.append((result.entity_type, result.start, result.end, result.score,
                          metadata.get(_NAME, self.name), bool(metadata.get(_ENHANCED))))
        return found


class _NamePlan(_Plan):
    """The person-name recogniser, whose analyze() only wraps its spans() in Presidio's results: the spans
    themselves, as tuples."""

    def needs_artifacts(self) -> bool:
        return self.recognizer.__dict__.get("analyze") is not None  # only an analyze() replaced on the instance

    def run(self, text: str, entities: list[str], artifacts) -> list[Match]:
        if self.recognizer.__dict__.get("analyze") is not None:
            return super().run(text, entities, artifacts)  # analyze() replaced on the instance: honour it
        recognizer = self.loaded()
        entity, name = recognizer.ENTITY, self.name
        return [(entity, start, end, score, name, weighed(score)) for start, end, score, _ in recognizer.spans(text)]


def is_plain_name_recognizer(recognizer: EntityRecognizer) -> bool:
    """True if the recogniser's answer is its spans() alone (PersonNameRecognizer, not a subclass's own analyze())."""
    return isinstance(recognizer, PersonNameRecognizer) and type(recognizer).analyze is PersonNameRecognizer.analyze


class _PatternPlan(_Plan):
    """A plain pattern recogniser: its patterns run here, its checks are called on each match."""

    def __init__(self, recognizer: PatternRecognizer):
        super().__init__(recognizer)
        self.entity = recognizer.supported_entities[0]
        flags = recognizer.global_regex_flags or 0
        self.patterns = [(regex.compile(p.regex, flags=flags), p.score, p.name) for p in recognizer.patterns]
        # Per pattern: whether it runs with Presidio's timeout (every pattern but Leidur's own, see
        # scanner/recognizers/untimed.py: asking for the timer costs more than most windows' search).
        # A recogniser that reads whole chunks gives its patterns longer text than they were proven on.
        whole = bool(getattr(recognizer, "READS_WHOLE_TEXT", False))
        self.timed = tuple(whole or needs_timer(p.regex, flags) for p in recognizer.patterns)
        self.validate = recognizer.validate_result
        cls = type(recognizer)
        self.invalidate = None if cls.invalidate_result is PatternRecognizer.invalidate_result else recognizer.invalidate_result
        plain_accept = not isinstance(recognizer, LeidurPatternRecognizer) or cls.accept is LeidurPatternRecognizer.accept
        self.accept = None if plain_accept else recognizer.accept
        plain_end = not isinstance(recognizer, LeidurPatternRecognizer) or cls.value_end is LeidurPatternRecognizer.value_end
        self.value_end = None if plain_end else recognizer.value_end
        plain_start = not isinstance(recognizer, LeidurPatternRecognizer) or \
            cls.match_start_from is LeidurPatternRecognizer.match_start_from
        self.start_from = None if plain_start else recognizer.match_start_from
        self.own_analyze = recognizer.__dict__.get("analyze")
        # Per pattern: a regex that every match check() accepts contains (VALID_CONTAINS), or None.
        contains = getattr(cls, "VALID_CONTAINS", None) or {}
        if contains and cls.validate_result is not LeidurPatternRecognizer.validate_result:
            contains = {}  # the claim is about check(), which only Leidur's validate_result() asks
        self.valid_contains = tuple(re.compile(contains[p.name]) if p.name in contains else None
                                    for p in recognizer.patterns)
        if not any(self.valid_contains):
            self.valid_contains = ()
        # Whether a check can raise a match's score: Presidio's own validate_result() sets a valid
        # match to 1.0; Leidur's base and a recogniser without checks keep the pattern's score.
        self.scores_capped = cls.validate_result in (PatternRecognizer.validate_result,
                                                     LeidurPatternRecognizer.validate_result)
        self.weak: tuple[bool, ...] = ()  # per pattern: below the threshold, so it counts only with context

    def set_threshold(self, threshold: float) -> None:
        self.weak = tuple(self.scores_capped and score < threshold for _, score, _ in self.patterns)
        if not any(self.weak):
            self.weak = ()

    def run(self, text: str, entities: list[str], artifacts, strong_only: bool = False) -> list[Match]:
        """The recogniser's matches in `text`; `strong_only`: not those of its weak patterns (see HotPath.analyze)."""
        if self.recognizer.__dict__.get("analyze") is not self.own_analyze:
            return super().run(text, entities, artifacts)  # analyze() replaced on the instance since: honour it
        if self.failure is None:
            return self._matches(text, strong_only)
        try:
            return self._matches(text, strong_only)
        except Exception as exc:  # a third-party check() may raise anything; name it, never quote the text
            raise RecognizerFailed(f"{self.failure} raised {type(exc).__name__}") from None

    def _matches(self, text: str, strong_only: bool = False) -> list[Match]:
        # Each pattern runs over the window itself: windows are short, and a second Hyperscan pass
        # per window to find the patterns' candidates cost more than it saved (docs/benchmarks.md).
        found: list[Match] = []
        entity, name, validate, invalidate = self.entity, self.name, self.validate, self.invalidate
        presidio_timeout = pattern_recognizer.REGEX_TIMEOUT_SECONDS
        timed = self.timed
        weak = self.weak if strong_only else ()
        start_from = self.start_from
        contains = self.valid_contains
        for index, (compiled, base_score, pattern_name) in enumerate(self.patterns):
            if weak and weak[index]:
                continue
            if contains and contains[index] is not None and contains[index].search(text) is None:
                continue  # none of this pattern's matches here could pass its check: none is kept
            timeout = presidio_timeout if timed[index] else None
            try:
                timed_out = False
                if start_from is None:
                    matches = compiled.finditer(text, timeout=timeout)
                else:
                    matches, timed_out = _searched(compiled, text, index, start_from, timeout)
                for match in matches:
                    start, end = match.span()
                    if start == end:
                        continue
                    value = text[start:end]
                    score = base_score
                    valid = validate(value)
                    if valid is not None:
                        score = EntityRecognizer.MAX_SCORE if valid else EntityRecognizer.MIN_SCORE
                    if invalidate is not None and invalidate(value):
                        score = EntityRecognizer.MIN_SCORE
                    if score > EntityRecognizer.MIN_SCORE:
                        found.append((entity, start, end, score, name, False))
                if timed_out:
                    raise TimeoutError
            except TimeoutError:
                log.warning("pattern %r of %s timed out and was skipped", pattern_name, name)
        if len(found) > 1:
            found = remove_duplicates(found)
        if self.value_end is not None:
            found = [(m[0], m[1], self.value_end(text, m[1], m[2])) + m[3:] for m in found]
        if self.accept is not None:
            found = [m for m in found if self.accept(text, m[1], m[2])]
        return found


def _searched(compiled, text: str, index: int, start_from, timeout: float | None) -> tuple[list, bool]:
    """(the matches of `compiled.finditer(text)`, whether a search timed out after them), each search
    begun where the recogniser says the next match can start.

    A list, not a generator: compiled (setup.py), a generator is a coroutine resumed per match.
    """
    found = []
    position = 0
    while True:
        start = start_from(index, text, position)
        if start is None:
            return found, False
        try:
            match = compiled.search(text, start, timeout=timeout)
        except TimeoutError:
            return found, True
        if match is None:
            return found, False
        found.append(match)
        position = match.end()
        if match.start() == position:
            raise ValueError(f"pattern {index} of a recogniser with match_start_from() matched the empty string")


class HotPath:
    """Runs the recognisers for a window's entity types and returns what AnalyzerEngine.analyze() would."""

    def __init__(self, recognizers, threshold: float, language: str, enhancer: StemContextEnhancer,
                 nlp_engine, fallback: Fallback):
        self.threshold = threshold
        self.language = language
        self.enhancer = enhancer
        self.nlp_engine = nlp_engine
        self.fallback = fallback
        self.plans = [
            _PatternPlan(r) if is_plain_pattern_recognizer(r)
            else _NamePlan(r) if is_plain_name_recognizer(r) else _Plan(r)
            for r in recognizers if r.supported_language == language
        ]
        for plan in self.plans:
            if isinstance(plan, _PatternPlan):
                plan.set_threshold(threshold)
        self.by_id = {plan.recognizer.id: plan for plan in self.plans}
        # (entities, whole) -> (their plans, whether one of them needs Presidio's own engine)
        self._for_entities: dict[tuple[frozenset, bool], tuple[list[_Plan], bool]] = {}

    def _plans_and_presidio(self, entities, whole: bool) -> tuple[list[_Plan], bool]:
        """The plans of the recognisers of `entities` that read windows (or, `whole`, whole texts), and
        whether one of them needs Presidio's own engine."""
        key = (frozenset(entities), whole)
        found = self._for_entities.get(key)
        if found is None:
            plans = [
                plan for plan in self.plans
                if not key[0].isdisjoint(plan.recognizer.supported_entities)
                and bool(getattr(plan.recognizer, "READS_WHOLE_TEXT", False)) == whole
            ]
            found = self._for_entities[key] = (plans, any([plan.needs_presidio for plan in plans]))
        return found

    def analyze(self, text: str, entities: list[str], context: Sequence[str] = (),
                whole: bool = False) -> list[tuple[str, int, int, float, str]]:
        """(entity, start, end, score, recogniser name) for `text`, as Presidio would report them."""
        plans, needs_presidio = self._plans_and_presidio(entities, whole)
        if needs_presidio:
            return self.fallback(text, entities, context, whole)
        external = [word.lower() for word in context] if context else []
        external_text = "\x00".join(external)
        artifacts = None
        lowered = None
        threshold = self.threshold
        kept: list[Match] = []
        for plan in plans:
            if artifacts is None and not isinstance(plan, _PatternPlan) and plan.needs_artifacts():
                artifacts = self.nlp_engine.process_text(text, self.language)
            # Context words only add: where the chunk's own context (a column header) holds one of
            # this recogniser's words, every match of it has one, whatever the words around it.
            by_header = bool(external) and plan.context is not None and \
                plan.context.could_match(external_text) and plan.context.matches(external)
            if not isinstance(plan, _PatternPlan):
                found = plan.run(text, entities, artifacts)
            elif plan.weak and not by_header:
                # A weak pattern's match (its score below the threshold, and no check raises it)
                # is kept only where a context word raises it. Where none of the recogniser's
                # words can occur in this window (`_with_context` reads only stretches of it) nor
                # in the chunk's context, no such match could be kept, nor take another one's
                # place: its patterns are not run. (A Σ lowers by what follows it: then they are.)
                if lowered is None:
                    lowered = text.lower() if "\u03a3" not in text else ""
                possible = plan.context is not None and (
                    lowered == "" or (plan.context_from_text and plan.context.could_match(lowered))
                    or (bool(external) and plan.context.could_match(external_text)))
                found = plan.run(text, entities, artifacts, strong_only=not possible)
            else:
                found = plan.run(text, entities, artifacts)
            for match in found:
                # A result belongs to the recogniser that returned it (Presidio looks it up by the id
                # in its metadata, which only a recogniser labelling others' results could change).
                score = match[3] if plan.context is None else \
                    self._with_context(text, plan, match, external, external_text, by_header)
                if score >= threshold:
                    kept.append((match[0], match[1], match[2], score, match[4], True))
        return [match[:5] for match in remove_duplicates(kept)] if kept else []

    def _with_context(self, text: str, plan: _Plan, match: Match, external: list[str], external_text: str,
                      by_header: bool = False) -> float:
        """The match's score after context words, as StemContextEnhancer sets it.

        `by_header`: the external context alone holds one of the recogniser's words (see
        `ContextMatcher.matches`: more words never take a match away), so the words near the
        match need not be read.
        """
        _, start, end, score, _, enhanced = match
        if enhanced or score == ContextAwareEnhancer.MAX_SCORE:
            return score  # weighed by the recogniser itself, or nothing left to add
        enhancer = self.enhancer
        if not by_header:
            if plan.context_from_text:
                # The words come from this stretch (lower-casing a stretch lower-cases its words):
                # where no context word can occur in it, the words need not be cut out.
                stretch = text[max(0, start - _LOOK_BACK * enhancer.context_prefix_count):start].lower()
                if enhancer.context_suffix_count:
                    stretch += "\x00" + text[end:end + _LOOK_BACK * enhancer.context_suffix_count].lower()
                if not plan.context.could_match(stretch + "\x00" + external_text):
                    return score
            elif not external or not plan.context.could_match(external_text):
                return score
            nearby = enhancer.surrounding_words(text, start, end) if plan.context_from_text else []
            if not plan.context.matches(nearby + external):
                return score
        return min(max(score + enhancer.context_similarity_factor, enhancer.min_score_with_context_similarity),
                   ContextAwareEnhancer.MAX_SCORE)
