"""The hot path answers exactly what Presidio's AnalyzerEngine answers: same findings, same scores.

Each test runs one Detector with the hot path and one with `reference=True`
(every window through `AnalyzerEngine.analyze()`) over the same text.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from scanner.detect.context import _WORD, ContextMatcher, supportive_word
from scanner.detect.detector import Detector, context_enhancer
from scanner.detect.hotpath import is_plain_name_recognizer, is_plain_pattern_recognizer, remove_duplicates
from scanner.models import Chunk
from scanner.recognizers import discover, load_all
from scanner.recognizers.base import LANGUAGE, LeidurPatternRecognizer
from scanner.recognizers.person_name import PersonNameRecognizer
from tests.plugin_site import install_example
from tests.test_recognizer_plugins import EMPLOYEE_YAML, write_rules

REPO = Path(__file__).resolve().parent.parent
CORPUS = [json.loads(line) for line in (REPO / "evaluation" / "corpus.jsonl").read_text("utf-8").splitlines() if line]


def pair(recognizers) -> tuple[Detector, Detector]:
    recognizers = list(recognizers)
    return Detector(recognizers, b"k"), Detector(recognizers, b"k", reference=True)


def assert_same(fast: Detector, reference: Detector, texts, context=()) -> int:
    compared = 0
    for text in texts:
        # Each text is a document of its own: the name recogniser remembers a document's names.
        reference.start_document()
        expected = reference.raw_matches(text, context)
        fast.start_document()
        assert fast.raw_matches(text, context) == expected, text[:80]
        compared += len(expected)
    return compared


def context_vocabulary(recognizers, *extra: str) -> list[str]:
    """Every word of the recognisers' context words, then `extra` ones."""
    return sorted({part for r in recognizers for word in r.context for part in word.replace("$", "").split()}) + list(extra)


def context_matchers(recognizers) -> list[tuple]:
    return [(recognizer, ContextMatcher(recognizer.context)) for recognizer in recognizers if recognizer.context]


@pytest.fixture(scope="module")
def builtins():
    return load_all()


def test_the_evaluation_corpus_gives_the_same_findings_and_scores(builtins):
    fast, reference = pair(builtins)
    assert assert_same(fast, reference, [doc["text"] for doc in CORPUS]) > 3000
    # Findings too (masked samples, fingerprints, ownership of chunk edges), on one chunk of many documents.
    text = "\n\n".join(doc["text"] for doc in CORPUS[:60])
    chunk = Chunk(text=text, location="x", own_start=100, own_end=len(text) - 100)
    fast.start_document()
    found = fast.detect(chunk)
    reference.start_document()
    assert found == reference.detect(chunk) and len(found) > 300


def test_column_headers_as_context_give_the_same_scores(builtins):
    fast, reference = pair(builtins)
    cells = ["38001085718", "5123 4567", "Mari Tamm", "EE382200221020145685", "AB1234567", "kase tn 5"]
    for header in ("Isikukood", "Telefon", "Kliendi nimi", "Pangakonto", "Passi nr", ""):
        assert_same(fast, reference, cells, context=(header,) if header else ())


def test_column_chunks_under_headers_give_the_same_scores(builtins):
    """A column as a spreadsheet or a database gives it: many cells, the header as the chunk's context."""
    fast, reference = pair(builtins)
    rng = random.Random(3)
    values = ["38001085718", "49403136526", "+372 5123 4567", "5123 4567", "mari.tamm@example.ee",
              "EE382200221020145685", "AB1234567", "10137319", "192.168.10.4", "4111 1111 1111 1111", "Mari Tamm"]
    words = ["", "", "tel", "isikukood", "e-post:", "konto", "passi nr", "ID-kaardi", "märkus"]
    columns = ["\n".join(f"{rng.choice(words)} {rng.choice(values)}".strip() for _ in range(60)) for _ in range(6)]
    headers = ("E-post", "Isikukood", "ID-kaardi nr", "Telefon", "Kliendi nimi", "IBAN", "reg.kood", "Märkus", "")
    for header in headers:
        assert_same(fast, reference, columns, context=(header,) if header else ())


def test_more_words_never_take_a_context_match_away(builtins):
    """What the hot path relies on when a header alone holds a context word."""
    rng = random.Random(11)
    vocabulary = context_vocabulary(builtins, "tellimus", "ID-kaardi", "reg.kood:", "Tel.", "x", "e", "mail",
                                    "licence", "driving")
    for recognizer, matcher in context_matchers(builtins):
        for _ in range(1000):
            some = [rng.choice(vocabulary) for _ in range(rng.randrange(1, 4))]
            more = [rng.choice(vocabulary) for _ in range(rng.randrange(5))]
            if matcher.matches(some):
                assert matcher.matches(more + some) and matcher.matches(some + more), (recognizer.name, some, more)


def test_yaml_recognisers_from_the_tests_give_the_same_findings(tmp_path):
    write_rules(tmp_path, EMPLOYEE_YAML)
    write_rules(tmp_path, """
recognizers:
  - name: codename
    supported_entity: PROJECT_CODENAME
    deny_list: [Kuldnokk, Rähn]
    context: [projekt]
""", "deny.yaml")
    recognizers = discover(rules_dirs=[str(tmp_path)]).recognizers
    texts = ["Töötaja TT-004217 ja tt-123456, projekt KULDNOKK; rähn ja Rähnid", "Tellimus TT-12345"]
    texts += [doc["text"] for doc in CORPUS[:40]]
    assert assert_same(*pair(recognizers), texts) > 5


def test_the_example_plugin_package_gives_the_same_findings(tmp_path, monkeypatch):
    site = tmp_path / "site"
    install_example(site, REPO / "examples" / "leidur-lv-personal-code")
    monkeypatch.syspath_prepend(str(site))
    from leidur_lv.personal_code import LatvianPersonalCodeRecognizer, check_digit

    code = "1203851234" + str(check_digit("1203851234"))
    recognizer = LatvianPersonalCodeRecognizer()
    assert is_plain_pattern_recognizer(recognizer)
    texts = [f"Klients {code[:6]}-{code[6:]}", f"personas kods {code}", f"tellimus {code}"]
    assert assert_same(*pair([recognizer, *load_all(["ee_personal_code"])]), texts) >= 2
    sys.modules.pop("leidur_lv.personal_code", None)
    sys.modules.pop("leidur_lv", None)


class SureRecognizer(PatternRecognizer):
    """Presidio's own kind: validate_result() True sets the score to 1.0; invalidate_result() drops."""

    PREFILTER = r"T-\d"  # the detector reads a prefilter from any recogniser

    def __init__(self):
        super().__init__("TICKET", name="tickets", supported_language=LANGUAGE,
                         patterns=[Pattern("ticket", r"\bT-\d{4}\b", 0.3), Pattern("long", r"\bT-\d{4}-\d\b", 0.5)],
                         context=["pilet"])

    def validate_result(self, pattern_text):
        return True if pattern_text.endswith("7") else None

    def invalidate_result(self, pattern_text):
        return pattern_text.startswith("T-0")


class OwnAnalyze(EntityRecognizer):
    """A plugin with its own analyze(): the hot path calls it as Presidio does."""

    ENTITY, LETTER = "ROOM", "R"

    def __init__(self):
        super().__init__(supported_entities=[self.ENTITY], supported_language=LANGUAGE, context=["ruum", "laud"])

    def load(self):
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        return [RecognizerResult(self.ENTITY, i, i + 4, 0.3 if text[i + 3] == "1" else 0.5)
                for i in range(len(text) - 3) if text.startswith(self.LETTER + "-", i) and text[i + 2:i + 4].isdigit()]


class OwnContext(OwnAnalyze):
    """Overrides enhance_using_context(): only Presidio runs it, so its windows go to Presidio."""

    ENTITY, LETTER = "DESK", "D"

    def enhance_using_context(self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts,
                              context=None):
        for result in raw_recognizer_results:
            result.score = 0.9
        return raw_recognizer_results


def test_presidio_recognisers_of_every_kind_give_the_same_findings(builtins):
    extra = [SureRecognizer(), OwnAnalyze(), OwnContext()]
    assert [is_plain_pattern_recognizer(r) for r in extra] == [True, False, False]
    texts = ["pilet T-1237, T-1234, T-0007 ja T-1234-5; ruum R-11 ja R-22, laud D-31",
             "Isikukood 38001085718, ruum R-12, T-5557 tel 5123 4567, D-44"]
    fast, reference = pair([*builtins, *extra])
    assert assert_same(fast, reference, texts) >= 8
    entities = {m[0] for m in fast.raw_matches(texts[0])}
    assert {"TICKET", "ROOM", "DESK"} <= entities


def test_a_recogniser_of_the_base_class_with_its_own_analyze_still_runs_it():
    class Filtered(LeidurPatternRecognizer):
        ENTITY = "CODE"
        PATTERNS = [Pattern("code", r"C-\d+", 0.6)]
        PREFILTER = r"C-\d"

        def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
            return [r for r in super().analyze(text, entities, nlp_artifacts, regex_flags) if text[r.start + 2] != "0"]

    recognizer = Filtered()
    assert not is_plain_pattern_recognizer(recognizer)
    fast, reference = pair([recognizer])
    assert assert_same(fast, reference, ["C-1 C-02 C-33"]) == 2


def test_the_name_recogniser_is_read_from_its_spans_unless_a_subclass_has_its_own_analyze():
    text = "Lugupeetud Mari Tamm!\nTeie lepingu allkirjastas Jüri Kask eile."
    plain = PersonNameRecognizer()
    assert is_plain_name_recognizer(plain)
    fast, reference = pair([plain])
    assert assert_same(fast, reference, [text]) == 2

    class FirstOnly(PersonNameRecognizer):
        def analyze(self, text, entities, nlp_artifacts=None):
            return super().analyze(text, entities, nlp_artifacts)[:1]

    first_only = FirstOnly()
    assert not is_plain_name_recognizer(first_only)
    fast, reference = pair([first_only])
    assert assert_same(fast, reference, [text]) == 1


def test_an_analyze_replaced_on_the_name_recognisers_instance_runs_with_nlp_artifacts():
    """The hot path reads the name recogniser's spans without Presidio's NLP artifacts; an analyze()
    put on the instance is called as Presidio calls it, with them."""
    from presidio_analyzer.nlp_engine import NlpArtifacts

    text = "Lugupeetud Mari Tamm!\nTeie lepingu allkirjastas Jüri Kask eile."
    recognizer = PersonNameRecognizer()
    seen = []
    original = recognizer.analyze

    def last_only(text, entities, nlp_artifacts=None):
        seen.append(nlp_artifacts)
        return original(text, entities, nlp_artifacts)[-1:]

    recognizer.analyze = last_only
    fast, reference = pair([recognizer])
    assert assert_same(fast, reference, [text]) == 1
    assert len(seen) == 2 and all(isinstance(artifacts, NlpArtifacts) for artifacts in seen)


def test_duplicates_are_removed_as_presidio_removes_them():
    rng = random.Random(3)
    for _ in range(300):
        raw = [(rng.choice("AB"), start, start + rng.randrange(1, 6), rng.choice([0, 0.3, 0.5, 0.5, 1.0]), "r", False)
               for start in (rng.randrange(12) for _ in range(rng.randrange(1, 9)))]
        expected = EntityRecognizer.remove_duplicates([RecognizerResult(e, s, t, sc) for e, s, t, sc, _, _ in raw])
        assert sorted((m[0], m[1], m[2], m[3]) for m in remove_duplicates(raw)) == sorted(
            (r.entity_type, r.start, r.end, r.score) for r in expected)


def test_context_words_match_as_the_enhancer_matches_them(builtins):
    rng = random.Random(5)
    vocabulary = context_vocabulary(builtins, "tellimus", "ID-kaardi", "reg.kood:", "Tel.", "telefonil", "Nimi:",
                                    "e-post", "iBAN", "x")
    for recognizer, matcher in context_matchers(builtins):
        for _ in range(2000):
            words = [rng.choice(vocabulary) + rng.choice(["", "", "ga", ".", ":"]) for _ in range(rng.randrange(7))]
            words = [w.upper() if rng.random() < 0.1 else w for w in words]
            assert matcher.matches(words) == bool(supportive_word(words, recognizer.context)), (recognizer.name, words)


def test_could_match_is_true_wherever_a_context_word_matches(builtins):
    """could_match() lets the hot path skip reading the words around a match: it must never say no
    where matches() would say yes. Its probes are the fewest strings that ensure this."""
    rng = random.Random(6)
    pieces = context_vocabulary(builtins, "e", "id", "ik", "kood", "post", "x", "tel") + [
        part for r in builtins for word in r.context for part in re.split(r"[-. $]", word) if part]
    matched = 0
    for recognizer, matcher in context_matchers(builtins):
        for _ in range(3000):
            words = ["".join(rng.choice(pieces) + rng.choice(["", "-", ".", ""]) for _ in range(rng.randrange(1, 3)))
                     for _ in range(rng.randrange(1, 7))]
            words = [w.upper() if rng.random() < 0.1 else w for w in words]
            if matcher.matches(words):
                matched += 1
                assert matcher.could_match("\x00".join(w.lower() for w in words)), (recognizer.name, words)
    assert matched > 5000
    probes = {recognizer.name: matcher.probes for recognizer, matcher in context_matchers(builtins)}
    # "e-mail" needs "mail" either way; "id-kood" needs "kood": the parts "e" and "id" alone prove nothing.
    assert "e" not in probes["EmailAddressRecognizer"] and "mail" in probes["EmailAddressRecognizer"]
    assert "id" not in probes["EstonianPersonalCodeRecognizer"]


def test_the_words_before_a_match_are_those_of_the_whole_look_back():
    """The enhancer reads a short stretch first; it must give the last words of the whole look-back."""
    rng = random.Random(9)
    enhancer = context_enhancer()
    count = enhancer.context_prefix_count
    pieces = ["isikukood", "ID-kaardi", "reg.kood", "e-post", "Tel.", "a", "bb", "x_y", "5", "Õun",
              " ", " ", "  ", "\n", ":", ";", "-", ".", "'", "=", "\u0301", "–"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60)))
        start = rng.randrange(0, len(text) + 1)
        expected = _WORD.findall(text[max(0, start - 24 * count):start])[-count:]
        assert enhancer.surrounding_words(text, start, start) == expected, (text, start)


def test_a_finding_is_the_frozen_dataclass_its_fields_say():
    """Finding builds its fields itself (half the cost of the generated __init__): it still compares,
    hashes, prints, pickles and refuses changes like a frozen dataclass."""
    import dataclasses
    import pickle

    from scanner.models import Finding

    first = Finding("EMAIL_ADDRESS", 3, 20, 0.85, "m***@example.ee", "ab12", recognizer="EmailAddressRecognizer")
    same = Finding(entity_type="EMAIL_ADDRESS", start=3, end=20, score=0.85, sample="m***@example.ee",
                   fingerprint="ab12", recognizer="EmailAddressRecognizer")
    assert first == same and hash(first) == hash(same) and first != dataclasses.replace(same, start=4)
    assert [field.name for field in dataclasses.fields(Finding)] == list(vars(first))
    assert Finding("PERSON", 0, 4, 0.9, "M***", "cd34").recognizer == ""
    assert pickle.loads(pickle.dumps(first)) == first
    assert repr(first).startswith("Finding(entity_type='EMAIL_ADDRESS', start=3, end=20,")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.score = 1.0
    with pytest.raises(TypeError):
        Finding("PERSON", 0, 4)


def test_weak_patterns_left_out_where_no_context_word_can_be_give_the_same_findings(builtins):
    """A pattern scoring below the threshold counts only next to a context word: where none of its
    recogniser's words can occur in the window or the chunk's context, the hot path does not run it.
    Windows with and without such words, near and far, in the header, and with a Σ, give what
    Presidio gives."""
    fast, reference = pair(builtins)
    assert any(getattr(plan, "weak", ()) for plan in fast.hot_path.plans)  # the phone's and registry code's
    rng = random.Random(19)
    values = ["612 3456", "6123456", "512 3456", "70 01 2345", "5123 4567", "10137319", "80012345", "+372 612 3456",
              "38001085718", "4111 1111 1111 1111", "EE382200221020145685"]
    words = ["tel", "Telefon:", "reg.kood", "registrikood", "Mobiil", "request id=", "summa", "ΣΟΦΙΑ", "märkus",
             "kontakt", "x", "", "", ""]
    texts = []
    for _ in range(300):
        parts = []
        for _ in range(rng.randrange(1, 6)):
            parts.append(f"{rng.choice(words)} {rng.choice(values)}".strip())
            parts.append(rng.choice(["\n", " ", "; ", " " * rng.randrange(40, 200)]))
        texts.append("".join(parts))
    assert assert_same(fast, reference, texts) > 300
    for header in ("Telefon", "reg.kood", "Märkus"):
        assert_same(fast, reference, texts[:60], context=(header,))
    # and the skip does take place: a landline alone is not reported, one after "tel" is
    assert not fast.raw_matches("kell 612 3456 algab")
    assert [m[0] for m in fast.raw_matches("tel 612 3456")] == ["PHONE_NUMBER"]
