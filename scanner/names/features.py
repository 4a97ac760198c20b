"""Tokens, sentence segments and the features the person-name model reads for each token.

A token's own features (its word, affixes, shape, which lists know it) depend
only on the word and on whether it starts a sentence, so they are computed
once per distinct word and cached; the features a token takes from its
neighbours and from the rest of the document are added around them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from scanner.names.lexicon import Lexicon, lexicon, strip_ending

# A word (letters, joined by one hyphen or apostrophe each: Mari-Liis, O'Brien), a number, or one other
# character. Written as runs of letters, not as one letter at a time with a look-ahead after each
# joiner: the same tokens, with 30 % less time in the regex engine.
TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|\S")
_SHAPE_UPPER = re.compile(r"[^\W\d_a-zõäöüšžéèáàíóúñçøåæ]+")
_SHAPE_LOWER = re.compile(r"[a-zõäöüšžéèáàíóúñçøåæ]+")
_SHAPE_DIGIT = re.compile(r"\d+")
# Where a line holds more than one sentence: after . ! ? (and a closing quote) before a capital or a quote.
# The break is group 1; the match starts at the . ! or ? before it (a pattern led by a character the
# engine skips to, not by a look-behind tried at every position), so a search for breaks from `pos`
# starts at pos - 1.
_SENTENCE_BREAK = re.compile(r"[.!?]([\"”»)]*[ \t]+)(?=[\"„“«(]?[^\W\d_a-zõäöüšž])")
_NO_BREAK_AFTER = frozenset("hr pr dr mr mrs ms prof st jr sr nr tel vt nt jne u lk ca no".split())
OPENERS = frozenset('.!?:;"„“«(-–—•*')  # after these a capital proves nothing

# Words around a person's name, in the two languages, that the training data cannot all show.
REPORTING = frozenset("""
ütles ütleb sõnas sõnab lisas lisab märkis märgib selgitas selgitab kinnitas kinnitab rääkis räägib arvas arvab
kirjutas kirjutab tõdes tõdeb nentis nendib rõhutas rõhutab teatas teatab kommenteeris kommenteerib vastas vastab
küsis küsib meenutas meenutab hindas hindab leidis leiab tunnistas tunnistab sõnul arvates hinnangul teatel väitel
kinnitusel ütlusel lausus lausub kiitis kritiseeris süüdistas said says told tells added adds asked asks wrote writes
explained explains noted notes according replied replies insisted argued claimed announced stated
""".split())
# Words that start sentences and are never a name there, whatever a name list says.
FUNCTION_WORDS = frozenset("""
the a an our all this that these those it its we you he she they his her their my your i in on at for with by from
to of and or but if as so please thank dear yes no not there here when while after before during since until why
what who how where which also however today tomorrow yesterday
ja ning see seda selle sellest need nende ta tema nad nemad ma mina me meie te teie sa sina kui et aga kuid ka veel
juba siis nüüd seal siin kas mis kes miks kuidas kus millal on oli ei pole palun tere samas lisaks pärast enne kuna
sest nagu ainult just kõik iga mõni üks kaks kolm selles sellel täna homme eile kogu ehk või vaid alles mitte
tere tervist hei head kallis lugupeetud hello hi hey
""".split())
TITLES = frozenset("""
hr pr härra proua preili dr prof professor minister peaminister president asepresident direktor juhataja esimees
aseesimees treener peatreener kapten linnapea abilinnapea vallavanem nõunik kantsler tegevjuht juht kohtunik
prokurör advokaat arst õpetaja kirjanik lavastaja näitleja laulja autor ajaloolane poliitik saadik suursaadik
mr mrs ms miss sir lord lady mayor governor senator chairman chief coach captain manager striker midfielder
defender goalkeeper player secretary spokesman spokeswoman judge king queen prince princess pope
""".split())


_ESTONIAN_MARKS = (" ja ", " on ", " et ", " ei ", " ka ", " oli ", " see ", " kui ", " mis ", " ning ")
_ENGLISH_MARKS = (" the ", " and ", " of ", " to ", " in ", " is ", " was ", " for ", " that ", " with ")


def language(text: str) -> str:
    """"en" or "et": which of the two the text is written in, by its commonest words and Estonian letters."""
    low = text.lower()
    estonian = english = 0
    for word in _ESTONIAN_MARKS:  # loops, not sum() of a generator: compiled (setup.py), that is a coroutine
        estonian += low.count(word)
    estonian += (low.count("õ") + low.count("ä") + low.count("ö") + low.count("ü")) / 8
    for word in _ENGLISH_MARKS:
        english += low.count(word)
    return "et" if estonian > english else "en"  # text with neither (a table of names) has no Estonian letters either


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str


def segments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: every line, split again where one sentence ends and the next begins."""
    position = 0
    for line in text.split("\n"):
        start = position
        for match in _SENTENCE_BREAK.finditer(line):
            before = line[:match.start(1)].rstrip(".!?\"”»)").rsplit(None, 1)
            word = before[-1].lower() if before else ""
            if len(word) <= 1 or word in _NO_BREAK_AFTER:
                continue  # an initial or an abbreviation: "M. Tamm", "dr. Kask"
            yield start, position + match.start(1)
            start = position + match.end()
        yield start, position + len(line)
        position += len(line) + 1


def _real_break(text: str, start: int) -> bool:
    """The break at `start` is not after an initial or an abbreviation: "M. Tamm", "dr. Kask"."""
    before = text[max(0, start - 12):start].rstrip(".!?\"”»)").rsplit(None, 1)
    word = before[-1].lower() if before else ""
    return len(word) > 1 and word not in _NO_BREAK_AFTER


# How far back and ahead a sentence is looked for: a line of minified text has no end.
_SENTENCE_REACH = 1500


def sentence_around(text: str, position: int) -> tuple[int, int]:
    """(start, end) of the sentence of `text` that holds `position`, as segments() cuts them."""
    line_start = max(text.rfind("\n", 0, position) + 1, position - _SENTENCE_REACH)
    line_end = text.find("\n", position)
    line_end = min(len(text) if line_end < 0 else line_end, position + _SENTENCE_REACH)
    start = line_start
    # The break's look-ahead needs the capital after it: search a little past `position`.
    # Searched from one character before each bound: a break's . ! or ? may lie just before it.
    for match in _SENTENCE_BREAK.finditer(text, max(line_start - 1, 0), min(position + 2, line_end)):
        if match.end() <= position and _real_break(text, match.start(1)):
            start = match.end()
    end = line_end
    for match in _SENTENCE_BREAK.finditer(text, max(position - 1, 0), line_end):
        if _real_break(text, match.start(1)):
            end = match.start(1)
            break
    return start, end


def blocks(text: str, size: int = 4096) -> list[tuple[int, int]]:
    """Consecutive (start, end) pieces of at most `size` characters, cut after a line, else a sentence, else a word.

    The model reads text in such blocks (its document-level features look within one), in
    training and in a scan alike.
    """
    pieces, start = [], 0
    while len(text) - start > size:
        low, limit = start + size // 2, start + size
        cut = text.rfind("\n", low, limit)
        if cut < 0:
            cut = text.rfind(". ", low, limit - 1)
            cut = cut + 1 if cut >= 0 else text.rfind(" ", low, limit)
        cut = limit if cut < 0 else cut + 1
        pieces.append((start, cut))
        start = cut
    if start < len(text):
        pieces.append((start, len(text)))
    return pieces


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


def shape(word: str) -> str:
    return _SHAPE_DIGIT.sub("d", _SHAPE_LOWER.sub("x", _SHAPE_UPPER.sub("X", word)))[:5]


class Featurizer:
    """Features of tokens; each distinct word's own and neighbour features are built once and cached.

    `known`, when given, is every feature the models to be run know: the others are left out of
    the cached features. CRFsuite's tagger drops a feature that is not in its model's attribute
    dictionary, so the labels and probabilities are the same, but each feature it is given costs
    it a string copy and a lookup first (about 800 instructions). Training leaves `known` out.
    """

    def __init__(self, words: Lexicon | None = None, known: frozenset[str] | None = None):
        self.words = words or lexicon()
        self.known = known
        self._cache: dict[tuple[str, bool], tuple[tuple[str, ...], ...]] = {}

    def _entry(self, word: str, sentence_start: bool) -> tuple[tuple[str, ...], ...]:
        """(own features, as the token two before, one before, one after, two after)."""
        key = (word, sentence_start)
        entry = self._cache.get(key)
        if entry is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            own = self._own(word, sentence_start)
            word_feature = "w:" + word.lower()[:24]
            flags = [flag for flag in own if flag in _NEIGHBOUR_FLAGS]
            entry = (own,) + tuple(
                tuple([f"{offset}{word_feature}"] + [f"{offset}{flag}" for flag in flags]) for offset in _OFFSETS
            )
            known = self.known
            if known is not None:
                entry = tuple(tuple([feature for feature in part if feature in known]) for part in entry)
            self._cache[key] = entry
        return entry

    def _own(self, word: str, sentence_start: bool) -> tuple[str, ...]:
        low = word.lower()
        words = self.words
        features = ["w:" + low[:24], "s2:" + low[-2:], "s3:" + low[-3:], "p3:" + low[:3], "sh:" + shape(word)]
        if sentence_start:
            features.append("SS")
        if word[:1].isupper():
            features.append("T")
            if len(word) > 1 and word.isupper():
                features.append("U")
            stem = strip_ending(low)
            features.append("st:" + stem)
            if low in words.given or stem in words.given:
                features.append("G")
            if words.inflected_in(low, words.surnames):
                features.append("S")
            if words.inflected_in(low, words.person_words):
                features.append("P")
            if words.inflected_in(low, words.places):
                features.append("L")
            if words.common_word(low):
                features.append("C")
            if low in words.proper_en:
                features.append("E")
        elif word[:1].isdigit():
            features.append("D")
        if low in REPORTING:
            features.append("R")
        if low in TITLES or low.endswith(_TITLE_TAILS):
            features.append("TI")
        return tuple(features)

    def sentence(self, tokens: list[Token], document, previous: str | None = None) -> list[list[str]]:
        """Features of each token; `document.lower_elsewhere(word)` says whether the document also writes it in lower case.

        `previous` is the word before the first token (None when the tokens start a sentence).
        """
        entries = []
        for token in tokens:
            entries.append(self._entry(token.text, previous is None or previous in OPENERS))
            previous = token.text
        n = len(entries)
        rows = []
        for i, entry in enumerate(entries):
            row = list(entry[0])
            text = tokens[i].text
            if text[:1].isupper() and document.lower_elsewhere(text):
                row.append("LC")
            row.extend(entries[i - 2][1] if i >= 2 else _PAD[0])
            row.extend(entries[i - 1][2] if i >= 1 else _PAD[1])
            row.extend(entries[i + 1][3] if i + 1 < n else _PAD[2])
            row.extend(entries[i + 2][4] if i + 2 < n else _PAD[3])
            rows.append(row)
        return rows


# Compound titles end in a title: siseminister, peatreener, osakonnajuhataja, vallavanem.
_TITLE_TAILS = ("minister", "juht", "juhataja", "esimees", "president", "direktor", "treener", "kapten",
                "linnapea", "nõunik", "kantsler", "vanem", "sekretär", "professor")
_NEIGHBOUR_FLAGS = frozenset({"T", "U", "G", "S", "P", "L", "C", "R", "TI", "SS", "D"})
_OFFSETS = (-2, -1, 1, 2)
_PAD = tuple((f"{offset}pad",) for offset in _OFFSETS)
