"""The person-name model: word lists, candidate sentences, document memory, and the shipped model on text it never saw."""
from __future__ import annotations

import os
import re

import pytest

from scanner.names.features import Featurizer, language, segments, sentence_around
from scanner.names.lexicon import is_ending, lexicon, strip_ending
from scanner.names.model import DocumentMemory, candidate_sentences, default_model, pieces, same_name
from scanner.names.features import tokenize


@pytest.fixture(scope="module")
def featurizer():
    return Featurizer()


@pytest.mark.parametrize("word, common", [
    ("ütles", True), ("käesolevaga", True), ("koosolekul", True), ("klienditeenindus", True),
    ("invoices", True), ("ansip", False), ("jürgenson", False),
])
def test_common_words_in_any_form(word, common):
    assert lexicon().common_word(word) is common


@pytest.mark.parametrize("word, words, known", [
    ("tammele", "surnames", True), ("raudsepa", "surnames", True), ("kasele", "surnames", True),
    ("ansipi", "surnames", False), ("mari", "given", True),
])
def test_inflected_forms_of_listed_names(word, words, known):
    lists = lexicon()
    assert lists.inflected_in(word, getattr(lists, words)) is known


def test_endings_and_stems():
    assert strip_ending("tammele") == "tamm"
    assert is_ending("ega") and is_ending("") and not is_ending("saare")


@pytest.mark.parametrize("a, b, same", [
    ("lukas", "lukase", True), ("lukas", "lukasega", True), ("tamm", "tammele", True),
    ("tamm", "tammsaare", False), ("kask", "kaskede", True), ("ots", "otsus", False),
])
def test_forms_of_one_name(a, b, same):
    assert same_name(a, b) is same


def test_memory_knows_a_surname_in_its_other_forms():
    memory = DocumentMemory()
    memory.add(["Tõnis", "Lukas"])
    assert "L" in memory.role("Lukase") and "L" in memory.role("Lukasega")
    assert "F" in memory.role("Tõnise")
    assert memory.role("Tamm") == ""
    memory.reset()
    assert memory.role("Lukase") == "" and len(memory) == 0


def test_sentences_are_cut_as_segments_cuts_them():
    text = "Koosolekul osales dr. Kask. Tarkvara on hea!\nUus rida. M. Tamm tuli."
    for start, end in segments(text):
        if start < end:
            assert sentence_around(text, start) == (start, end)
    assert text[slice(*sentence_around(text, text.index("Kask")))] == "Koosolekul osales dr. Kask."


def test_business_prose_has_no_candidate_sentences(featurizer):
    prose = ("Käesolevaga kinnitame, et tellimus on vastu võetud. Palume arve tasuda. "
             "The meeting covered the budget review. All prices exclude VAT and may change. ")
    assert candidate_sentences(prose * 5, featurizer) == []


def test_candidates_are_names_inside_sentences_and_unknown_first_words(featurizer):
    text = "Palume arve tasuda. Koosolekul osales Mari Tamm. Ansip ütles, et nõus.\nMARI TAMM\nVAT 22%."
    chosen = [(text[start:end], opener) for start, end, opener in candidate_sentences(text, featurizer)]
    assert chosen == [("Koosolekul osales Mari Tamm.", None), ("Ansip ütles, et nõus.", "ansip"), ("MARI TAMM", None)]
    # A first word that started sentences without names before is not read again.
    assert [t for t in candidate_sentences(text, featurizer, {"ansip"}) if t[2]] == []


def test_pieces_keep_the_capitalised_words_and_their_neighbours():
    tokens = tokenize("see on üks pikk lause kus alles lõpus tuleb Mari Tamm kes ütles et kõik on hästi ja EE")
    (start, end), = pieces(tokens)
    # REACH (3) words on each side; "EE" is a code, not a word a name could be.
    assert [t.text for t in tokens[start:end]] == ["alles", "lõpus", "tuleb", "Mari", "Tamm", "kes", "ütles", "et"]


def test_language_of_a_text():
    assert language("Koosolekul otsustati, et arve makstakse ja see on hea.") == "et"
    assert language("The board said that the plan is on track and the vote was held.") == "en"


# The shipped model on sentences written for this test (not from any training corpus).
NAMES = [
    ("Eile kohtus vallavanem Priit Kaasik ehitajatega ja ütles, et töö jätkub.", ["Priit Kaasik"]),
    ("Arve saatsime Mari Tammele ning koopia Jaan Kasele.", ["Mari Tammele", "Jaan Kasele"]),
    ("Leping allkirjastati neljapäeval. Tõnis Lukas kinnitas, et tähtaeg peab. Lukase sõnul on raha olemas.",
     ["Tõnis Lukas", "Lukase"]),
    ("Chief executive Sarah Whitfield said on Monday that the merger would close in March.", ["Sarah Whitfield"]),
    ("Invoices are payable within fourteen days. Please contact our office in Tartu.", []),
    ("Tallinna Vesi ja Eesti Energia arved kinnitati koosolekul Tartus.", []),
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_the_shipped_model_reads_names_in_running_text(text, expected):
    from scanner.recognizers.person_name import PersonNameRecognizer

    recognizer = PersonNameRecognizer()
    found = [text[r.start:r.end] for r in recognizer.analyze(text, ["PERSON"]) if r.score >= 0.4]
    assert found == expected


def test_the_model_remembers_names_across_windows_until_the_next_document():
    from scanner.recognizers.person_name import PersonNameRecognizer

    recognizer = PersonNameRecognizer()
    recognizer.analyze("Koosolekut juhtis Heldur Põldsaar, kes tutvustas eelarvet.", ["PERSON"])
    later = "Projekti lõpus kiitis Põldsaart kogu meeskond."
    assert [later[r.start:r.end] for r in recognizer.analyze(later, ["PERSON"]) if r.score >= 0.4] == ["Põldsaart"]
    recognizer.start_document()
    assert default_model() is recognizer.model  # one model per process
    assert "L" not in recognizer.memory.role("Põldsaart")


def test_the_marked_capital_word_pass_marks_exactly_where_the_inside_sentence_pass_matches():
    """candidate_sentences() runs _INSIDE_SENTENCE only when _CAPITAL_WORD_MARKED marks a word:
    the marked pass finds _CAPITAL_WORD's words, and marks the words where the other pass matches."""
    import random

    from scanner.names import model

    rnd = random.Random(21)
    pieces = ["Mari", "Tamm", "MARI", "VAT", "ütles", "et", "the", "x", "Õun", "Šarl", "O'Brien", "Jean-Luc", "A1b",
              " ", " ", "  ", "\t", "\n", ". ", ", ", "(", "„", "“", "«", "-", "–", "•", "*", ":", ";", "?", "!", "'", "’",
              "_", "1", "Ab", "aB", "İ", "ß", "ŠŽ"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20))) for _ in range(20000)]
    marked_texts = 0
    for text in texts:
        marked = model._CAPITAL_WORD_MARKED.findall(text)
        assert [word for word, _ in marked] == model._CAPITAL_WORD.findall(text), text
        starts = [m.start() for m in model._CAPITAL_WORD.finditer(text)]
        inside = [m.start() for m in model._INSIDE_SENTENCE.finditer(text)]
        assert [start for start, (_, mark) in zip(starts, marked) if mark] == inside, text
        marked_texts += bool(inside)
    assert 2000 < marked_texts < 19000


def test_name_like_words_led_by_their_capital_are_those_the_look_behind_first_spelling_finds():
    """_NAME_LIKE puts its look-behind after the capital, so that the engine can skip to capitals: the
    same matches as the pattern with the look-behind first, over whole texts and between any bounds."""
    import random
    import re

    from scanner.names import model

    reference = re.compile("(?<![\\w'’-])" + model._NAME_LIKE.pattern.replace("(?<![\\w'’-].)", "", 1))
    assert reference.pattern != model._NAME_LIKE.pattern and "(?<!" not in reference.pattern[9:]
    rnd = random.Random(8)
    pieces = ["Mari", "Tamm", "MARI", "VAT", "ütles", "et", "Õun", "Šarl", "O'Brien", "Jean-Luc", "A1b", "ŽANNA",
              " ", "  ", "\t", "\n", ". ", ", ", "-", "'", "’", "_", "1", "Ab", "aB", "İ", "ß", "É", "x"]
    found = 0
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert [m.span() for m in model._NAME_LIKE.finditer(text)] == [m.span() for m in reference.finditer(text)]
        spans = [m.span() for m in model._NAME_LIKE.finditer(text, start, end)]
        assert spans == [m.span() for m in reference.finditer(text, start, end)], (text, start, end)
        found += len(spans)
    assert found > 1500


def test_sentence_breaks_led_by_their_stop_are_those_the_look_behind_spelling_finds():
    """_SENTENCE_BREAK matches from the . ! or ? before a break (group 1), so that the engine skips to
    them: searched from one character before any bound, the same breaks as the look-behind spelling."""
    import random
    import re

    from scanner.names import features

    reference = re.compile(r"(?<=[.!?])[\"”»)]*[ \t]+(?=[\"„“«(]?[^\W\d_a-zõäöüšž])")
    rnd = random.Random(10)
    pieces = ["Mari", "tamm", "M", "dr", "Õun", "1", ".", "!", "?", "...", ". ", "! ", ". Mari", "?\t„Õun", '"', "”", "»", ")", "„", "“", "«", "(",
              " ", "  ", "\t", "\n", ",", "_", "é", "x", "Šarl"]
    found = 0
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        got = [(m.start(1), m.end()) for m in features._SENTENCE_BREAK.finditer(text, max(start - 1, 0), end)]
        assert got == [m.span() for m in reference.finditer(text, start, end)], (text, start, end)
        found += len(got)
    assert found > 1500


def test_the_byte_search_finds_what_the_search_for_any_text_finds():
    """candidate_sentences() reads text that Latin-1 or Windows-1252 holds with bytes regexes
    (_byte_starts): the same positions, openers included, as _name_starts() finds, on texts built from
    every kind of character around a capital (openers, white space of each kind, hyphens, commas,
    zero bytes, words in capitals, letters and quotes beyond Latin-1)."""
    import random

    from scanner.names import model

    words = model.default_model().featurizer.words
    rnd = random.Random(5)
    latin1 = ["Mari", "Tamm", "MARI", "TAMM", "VAT", "ütles", "et", "the", "x", "Õun", "O'Brien", "Jean-Luc", "A1b",
              "Ansip", "Kask", "Ülle", "ÕUN", "Ab", "aB", "ß", "²", "Ø", "×", "ª", "_", "1",
              " ", " ", "  ", "\t", "\n", ". ", ", ", ",", "(", "«", "-", "*", ":", ";", "?", "!", "'", '"',
              "\r", "\xa0", "\x0b", "\x00", "\x01", "/"]
    beyond = ["Šarl", "ŠARL", "Žanna", "šokk", "ŠŽ", "„", "“", "”", "–", "—", "•", "’", "…", "Œuvre", "Ÿ", "€"]
    control = ["\x85", "\x9d"]  # Latin-1 only (C1 controls): with a letter beyond it, neither encoding holds the text
    texts = ["".join(rnd.choice(latin1) for _ in range(rnd.randint(1, 30))) for _ in range(12000)]
    texts += ["".join(rnd.choice(latin1 + beyond) for _ in range(rnd.randint(1, 30))) for _ in range(12000)]
    texts += ["".join(rnd.choice(latin1 + beyond + control) for _ in range(rnd.randint(1, 30))) for _ in range(3000)]
    kinds = {"inside": 0, "opener": 0, "pair": 0}
    paths = {"latin-1": 0, "cp1252": 0, "neither": 0}
    for plain_starts in (frozenset(), frozenset({"ansip", "kask", "mari", "šarl"})):
        for text in texts:
            fast = model._byte_starts(text, words, plain_starts)
            reference = model._name_starts(text, words, plain_starts)
            path = next((codec for codec in ("latin-1", "cp1252") if _encodes(text, codec)), "neither")
            paths[path] += 1
            if path == "neither":
                assert fast is None
                continue
            assert sorted(fast) == sorted(reference), text
            for position, opener in reference:
                kinds["opener" if opener else "pair" if text[position:position + 2].isupper() else "inside"] += 1
    assert min(kinds.values()) > 500 and min(paths.values()) > 500, (kinds, paths)
    assert model._byte_starts("Šarl Tamm ütles „jah“.", words, frozenset()) is not None
    assert model._byte_starts("Дмитрий Тамм ütles.", words, frozenset()) is None  # Cyrillic: the other way


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def test_name_rules_led_by_their_capital_match_as_the_look_behind_first_spellings():
    """The register rules' patterns put their look-behind after the first capital, so that the engine
    skips to capitals: the same matches and groups as the look-behind-first spellings, between any bounds."""
    import random
    import re

    from scanner.recognizers import person_name_rules as rules

    U, W, CAPS = rules.UPPER, rules._WORD, rules._CAPS
    references = {
        rules._RUN: rf"(?<![\w@.-])(?:[{U}]\.[ \t]?)?{W}(?:[ \t]{{1,2}}{W}){{0,3}}(?![\w@-])",
        rules._CAPS_NAME: rf"(?<![\w@.-]){CAPS},?[ \t]{{1,2}}{CAPS}(?![\w@-])",
        rules._COMMA_NAME: rf"(?<![\w@.-])({W}),[ \t]({W})(?![\w@-])(?![ \t]+[{U}])",
    }
    rnd = random.Random(9)
    pieces = ["Mari", "Tamm", "MARI", "TAMM", "M.", "M. ", "Tamm, Mari", "KASK MARI", "Kask,\tJaan", "Õun", "Šarl", "O'Brien", "Jean-Luc", "KASK-TAMM", "ütles",
              "A1b", "a", " ", "  ", "   ", "\t", "\n", ". ", ", ", ",", "-", "'", "@", ".", "_", "1", "É", "İ", "x"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 16))) for _ in range(15000)]
    for pattern, spelling in references.items():
        reference = re.compile(spelling)
        found = 0
        for text in texts:
            start = rnd.randint(0, len(text))
            end = rnd.randint(start, len(text))
            for bounds in ((0, len(text)), (start, end)):
                got = [(m.span(), m.groups()) for m in pattern.finditer(text, *bounds)]
                assert got == [(m.span(), m.groups()) for m in reference.finditer(text, *bounds)], (text, bounds)
                found += len(got)
        assert found > 500, pattern.pattern


def test_the_register_rules_skip_only_patterns_that_cannot_match_in_the_text():
    """_listed_names() leaves out its capitals or its "Surname, First" pattern where the whole text
    lacks what every match of it holds; on any stretch of any text, that changes nothing."""
    import random

    from scanner.recognizers.person_name_rules import _listed_names, listing_hints

    rng = random.Random(11)
    pieces = ["TAMM MARI", "MARI TAMM", "TAMM\tMARI", "KASK,\t JÜRI", "Tamm, Mari", "KASK, JÜRI", "Kask,\tJüri",
              "TAMM,  MARI", "O'Neill, John",
              "TAMM", "MARI", "Mari", "Tamm", "KASK-LEPP", "ÕIE", "Šarov", ",", ", ", " ", "\t", "  ", "-", "\n",
              ".", ";", "x", "1", "@", "Jüri", "é", "'"]
    found = 0
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        caps, comma = listing_hints(text)
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        expected = _listed_names(text, start, end)
        assert _listed_names(text, start, end, caps, comma) == expected, (text, start, end)
        found += len(expected)
    assert found > 300


def test_a_sentence_looked_up_once_for_several_names_in_it_is_the_one_each_would_find(monkeypatch):
    """candidate_sentences() reuses a sentence's bounds for later names in it (a row's surname after its
    first name); the bounds must be those sentence_around() gives at each, long lines included."""
    import random

    from scanner.names import model

    rng = random.Random(12)
    featurizer = default_model().featurizer
    pieces = ["Mari Tamm", "Jüri Kask", "Tarkvara", " ", "  ", "\t", ". ", "! ", "? ", '." ', "dr. ", "M. ", "\n",
              ", ", ";", "ja", "tellimus", "x" * 700, "Lepingu", "(", '"', "TAMM MARI", "Õie Lepp"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60))) for _ in range(3000)]
    texts += ["Mari Tamm " + "a " * 900 + "Jüri Kask " + "b " * 800 + "Õie Lepp. Mari Tamm"]
    reused = []
    for text in texts:
        with monkeypatch.context() as patched:
            patched.setattr(model, "_same_sentence", lambda *args: None)
            expected = candidate_sentences(text, featurizer)
        assert candidate_sentences(text, featurizer) == expected, text[:80]
        reused.append(len(expected))
    assert sum(reused) > 3000


def test_surnames_again_skips_only_text_where_no_surname_can_be():
    """_surnames_again() returns at once for ASCII text that lower() leaves as it is: the same answer
    as reading it all, since every character a surname can start with changes under lower()."""
    import bisect
    import random

    from scanner.names import model

    def reference(text, found, memory):  # the function before its early return
        if not memory.confirmed:
            return []
        taken = sorted([(start, end) for start, end, _ in found])
        starts = [start for start, _ in taken]
        more = []
        for match in model._NAME_LIKE.finditer(text):
            word = match.group()
            if len(word) < 3 or word.isupper() or "L" not in memory.confirmed.role(word):
                continue
            i = bisect.bisect_right(starts, match.start()) - 1
            if i >= 0 and match.start() < taken[i][1]:
                continue
            more.append((match.start(), match.end(), model.SURNAME_AGAIN))
        return more

    first_class = model._NAME_LIKE.pattern[1:model._NAME_LIKE.pattern.index("]")]
    members = [chr(code) for code in range(0x250) if re.fullmatch(f"[{first_class}]", chr(code))]
    assert len(members) > 60 and all(char.lower() != char for char in members)
    memory = model.DocumentMemory()
    memory.confirmed = model.DocumentMemory()
    memory.confirmed.add(["Maksim", "Tamm"])
    memory.confirmed.add(["Šarl", "Õunapuu"])
    rnd = random.Random(11)
    pieces = ["Tamm", "tamm", "TAMM", "Tammele", "tammele", "Õunapuu", "õunapuu", "Õunapuule", "Maksim", "ütles",
              "2025-02-09", "123", " ", "\n", ", ", ". ", "İ", "ǅ", "ß", "Σ", "x", "-", "'", "klienditugi"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25))) for _ in range(6000)]
    skipped = found = 0
    for text in texts:
        spans = [(0, 4, 0.9)] if text.startswith("Tamm") else []
        assert model._surnames_again(text, spans, memory) == reference(text, spans, memory), text
        skipped += text.isascii() and text.lower() == text
        found += bool(reference(text, spans, memory))
    assert skipped > 300 and found > 300


def test_each_shipped_model_lies_beside_the_list_of_its_attributes():
    """A model retrained without its list (write_attributes) would have its features filtered by the old one."""
    import pycrfsuite

    from scanner.names import model

    checked = 0
    for lang in model.LANGUAGES:
        for stage in model.model_files(model.default_model_folder(), lang):
            tagger = pycrfsuite.Tagger()
            tagger.open(stage)
            assert os.path.exists(model.attributes_file(stage)), stage
            assert model.model_attributes(tagger, stage) == set(tagger.info().attributes), stage
            checked += 1
    assert checked == 4


def test_a_model_without_a_list_of_attributes_is_read_for_them(tmp_path):
    import shutil

    import pycrfsuite

    from scanner.names import model

    stage = str(tmp_path / "person-et-stage1.crfsuite")
    shutil.copy(model.model_files(model.default_model_folder(), "et")[0], stage)
    tagger = pycrfsuite.Tagger()
    tagger.open(stage)
    assert model.model_attributes(tagger, stage) == set(tagger.info().attributes) != set()


FILTER_TEXTS = [
    "Koosolekut juhtis Heldur Põldsaar, kes tutvustas eelarvet. Põldsaare sõnul kasvab käive.",
    "Tiiu Kiisk, isikukood 49403136526, tiiu.kiisk@example.ee. Lepingu allkirjastas Jaan Õunapuu.",
    "Nimi: Maksim Ivanov\nAadress: Tartu mnt 15\nKontakt: Šarl Lepp",
    "Chief executive Margaret Thornbury said on Tuesday that Acme Holdings would expand into Latvia.",
    "Dear Mr Oswaldo Quintrell, your order was shipped to Pärnu by Kersti Raudsepp.",
]


@pytest.mark.parametrize("text", FILTER_TEXTS)
def test_features_no_model_knows_are_left_out_and_the_models_read_the_same(text):
    """CRFsuite drops attributes its model lacks, so rows without them get the same labels and probabilities."""
    from scanner.names import model

    shipped = model.default_model()
    assert shipped.featurizer.known is not None
    everything = Featurizer(words=shipped.featurizer.words)
    lang = language(text)
    stages = shipped.taggers[lang]
    full = model.read_sentences(text, everything)
    filtered = model.read_sentences(text, shipped.featurizer)
    assert [s.tokens for s in full] == [s.tokens for s in filtered] and full
    dropped = 0
    for whole, kept in zip(full, filtered):
        for row, short in zip(whole.rows, kept.rows):
            assert short == [feature for feature in row if feature in shipped.featurizer.known]
            dropped += len(row) - len(short)
        for tagger in stages:
            labels = tagger.tag(whole.rows)
            marginals = [[tagger.marginal(label, i) for label in tagger.labels()] for i in range(len(labels))]
            assert tagger.tag(kept.rows) == labels
            assert [[tagger.marginal(label, i) for label in tagger.labels()] for i in range(len(labels))] == marginals
    assert dropped > 0


def test_tokens_are_those_of_the_letter_at_a_time_spelling():
    """TOKEN reads runs of letters; the spelling it replaced read a letter at a time, a joiner only before one."""
    import random

    from scanner.names import features

    reference = re.compile(r"[^\W\d_](?:[^\W\d_]|[-'’](?=[^\W\d_]))*|\d+|\S")
    rnd = random.Random(5)
    pieces = ["a", "B", "õ", "Ä", "ß", "İ", "Σ", "ж", "1", "٣", "_", "-", "'", "’", "--", "-'", " ", "\n", ".", ",",
              "Mari-Liis", "O'Brien", "Tamm", "2025"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 20))) for _ in range(20000)]
    joined = 0
    for text in texts:
        start = rnd.randint(0, len(text))
        expected = [(m.start(), m.end()) for m in reference.finditer(text, start)]
        assert [(t.start, t.end) for t in features.tokenize(text, start)] == expected, text
        joined += any(e - s > 2 and set(text[s:e]) & set("-'’") for s, e in expected)  # a joined word
    assert joined > 1000


def test_not_a_person_asks_its_regexes_only_where_they_can_match():
    """not_a_person() tests the characters around a name before its three regexes: the same answers as the
    regexes asked every time, on texts with company forms, street types and line breaks around names."""
    import random

    from scanner.recognizers import person_name_rules as rules

    def reference(text: str, start: int, end: int) -> bool:
        first = text[start:end].split(None, 1)
        return bool(
            rules._COMPANY_MARKERS.match(text[end:end + 30])
            or rules._COMPANY_BEFORE.search(text[max(0, start - 8):start])
            or rules._STREET_AFTER.match(text[end:end + 12])
            or (len(first) > 1 and first[0].lower().rstrip(".") in rules._PLACE_FIRST_WORDS)
        )

    rnd = random.Random(17)
    around = ["", " ", "\t", "\n", "\r\n", ",", ", ", " & ", "+", " AS", " OÜ", "AS", "SA", "MTÜ ", "UÜ\t", "TÜ\n",
              "&", " ja Pojad", " tn", " Tänav", " street", " mnt.", "x", "BAS", "Kask", ":", "\n\n", "A", "Ü"]
    names = ["Mari Tamm", "Tamm", "Saint Helena", "New Zealand", "St. Mary", "Jüri Õun"]
    outcomes = set()
    for _ in range(40000):
        before = "".join(rnd.choice(around) for _ in range(rnd.randint(0, 3)))
        after = "".join(rnd.choice(around) for _ in range(rnd.randint(0, 3)))
        name = rnd.choice(names)
        text = before + name + after
        start, end = len(before), len(before) + len(name)
        expected = reference(text, start, end)
        assert rules.not_a_person(text, start, end) == expected, repr(text)
        outcomes.add((expected, rules._COMPANY_BEFORE.search(text[max(0, start - 8):start]) is not None,
                      text[max(0, start - 8):start].endswith("\n")))
    assert {(True, True, True), (True, True, False), (False, False, True)} <= outcomes
