"""WordBefore skips a regex only where it cannot match: the same answers as the regex itself."""
import json
import random
import re
from pathlib import Path

import pytest

from scanner.recognizers.base import WordBefore
from scanner.recognizers.ee_business_codes import REGISTRY_WORD_BEFORE
from scanner.recognizers.ee_personal_code import _OTHER_NUMBER_BEFORE
from scanner.recognizers.person_name_rules import _CONTEXT_BEFORE

CORPUS = Path(__file__).resolve().parent.parent / "evaluation" / "corpus.jsonl"
ALL = [_CONTEXT_BEFORE, _OTHER_NUMBER_BEFORE, REGISTRY_WORD_BEFORE]


def stretches():
    """Every 40-character stretch before a position of the evaluation texts, and random ones."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    for text in texts:
        for end in range(0, len(text), 3):
            yield text[max(0, end - 40):end]
    # Every word of every pattern at the end of a stretch, in three cases and with what may follow it:
    # a word left out of a WordBefore's `endings` makes its answer differ from the regex's here.
    pattern_words = sorted({word for before in ALL for word in re.findall(r"[^\W\d_]{2,}", before.regex.pattern)})
    for word in pattern_words + ["contact person", "Contact  Person", "prepared by", "PREPARED\tBY", "kontakt isik"]:
        for cased in (word, word.capitalize(), word.upper()):
            for lead in ("", "x", "Tere, ", "ja ", "\n", "-"):
                for tail in ("", ":", " :", ": ", ",", " - ", ";\n", ".", " nr", "x"):
                    yield lead + cased + tail
        # Characters that case-blind matching pairs with a letter that lower() does not give.
        yield word.replace("s", "\u017f") + ":"  # ſ, the long s
        yield word.replace("i", "\u0130") + ":"  # İ
        yield word.replace("k", "\u212a") + ":"  # the Kelvin sign
    rng = random.Random(7)
    words = ["Nimi", "arve", "nr.", "Reg. kood", "registrikood on", "From", "lugupidamisega", "ref.",
             "invoice #", "tellimus", "VAT", "kmkr", "contact  person", "aitäh", "id", "tervitades",
             "registry code", "company reg", "reg.kood", "rg-kood", "is", "on", "müügiarve", "ref.nr", "no",
             "prepared by", "Mari Tamm", "order", "number", "x", "5", "arvenr"]
    tails = ["", ":", " ", ",", ";", "-", " :\n", ".", "#", "№", "\u00a0", "\u2003", ";", "=", "5", "_", "é"]
    apart = [" ", "  ", "\t", "\n", ". ", " : ", ":", "-", " - ", ".", "#", "№ ", ", ", "\u00a0", "_", ";"]
    for _ in range(40000):
        text = rng.choice(words)
        for _ in range(rng.randrange(0, 5)):
            text += rng.choice(apart) + rng.choice(words)
        yield text + "".join(rng.choice(tails) for _ in range(rng.randrange(0, 4)))


@pytest.mark.parametrize("before", ALL, ids=["context", "other number", "registry word"])
def test_word_before_answers_as_its_regex(before: WordBefore):
    checked = matched = 0
    for stretch in stretches():
        found = before.search(stretch)
        expected = before.regex.search(stretch)
        assert (found and found.span()) == (expected and expected.span()), repr(stretch)
        checked += 1
        matched += expected is not None
    assert matched > 100 and checked > matched  # both answers were met, many times


def test_the_stem_check_sees_every_ascii_letter_case_blind_matching_pairs_a_character_with():
    """`stems` are looked for in the stretch lower-cased with `_ASCII_FOLD` first: every code point
    that a case-blind regex matches with an ASCII letter counts as that letter."""
    from scanner.recognizers.base import _holds_one

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    paired = 0
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for match in re.finditer(letter, every, re.IGNORECASE):
            char = match.group()
            assert _holds_one("x" + char + "é", (letter,)), (hex(ord(char)), letter)
            paired += not char.isascii()
        assert not _holds_one("é" + letter.upper() + "é", (letter + letter,))
    assert paired == 4  # İ, ı, ſ and the Kelvin sign


def _folded(text: str) -> str:
    from scanner.recognizers.base import _ASCII_FOLD

    return text.translate(_ASCII_FOLD).lower()  # what _holds_one() looks in


@pytest.mark.parametrize("before", [b for b in ALL if b.stems], ids=lambda b: b.regex.pattern[:12])
def test_every_match_holds_one_of_the_stems(before: WordBefore):
    """A WordBefore's `stems` skip the regex only where it cannot match, and do skip it often."""
    skipped = 0
    for stretch in stretches():
        expected = before.regex.search(stretch)
        if expected is not None:
            assert any(stem in _folded(expected.group()) for stem in before.stems), repr(stretch)
        skipped += not any(stem in _folded(stretch) for stem in before.stems)
    assert skipped > 1000
