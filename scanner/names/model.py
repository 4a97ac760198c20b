"""The person-name model: two linear-chain CRFs (python-crfsuite) over the sentences that can hold a name.

Stage one tags each candidate sentence from its own words. Stage two tags it
again knowing what stage one found in the rest of the document: "Ansip" or
"Ansipi" alone is a person where "Andrus Ansip" was found before. Both
models are trained on the training portions of public corpora
(`python -m evaluation.train_names`) and ship in scanner/names/data/.

Only sentences with a candidate are tagged: a capitalised word inside a
sentence, or one starting it that is not a common word (most sentences of a
business text start with one), or a word that names a person found earlier
in the document. Text without candidates costs a few passes of bytes regexes.
"""
from __future__ import annotations

import bisect
import functools
import gzip
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

import pycrfsuite

from scanner.names.features import (
    _SENTENCE_REACH,
    FUNCTION_WORDS,
    OPENERS,
    TITLES,
    Featurizer,
    Token,
    language,
    sentence_around,
    tokenize,
)
from scanner.names.lexicon import is_ending, strip_ending

_WORD_CHAR = re.compile(r"[^\W\d_]")


class DocumentMemory:
    """The words of the names found so far in one document, and their role (F first, L last, S alone).

    A later word is the same name when it is one of the forms of a remembered
    word: Lukas, Lukase, Lukasega; Tamm, Tammele; Raudsepp, Raudsepale.
    """

    def __init__(self, confirmed: bool = False) -> None:
        self.roles: dict[str, str] = {}
        self._by_prefix: dict[str, list[tuple[str, str]]] = {}  # first three letters -> (word, stem)
        # What stage one found feeds stage two; only names that were reported (and sure rules)
        # are looked for again alone.
        self.confirmed = None if confirmed else DocumentMemory(confirmed=True)
        # First words that started sentences without a name in this document (see plain_start).
        self.plain_starts: set[str] = set()
        self._starts_without_name: dict[str, int] = {}
        self._roles_of: dict[str, str] = {}  # role() answers since the memory last changed

    def plain_start(self, word: str) -> None:
        """A sentence that only its first word made a candidate held no name: after a few, stop reading them.

        Business text repeats its sentences; a word the dictionaries lack ("Tarkvara") that starts
        them costs a model run each time, for nothing. Kept per document, so that a document's
        findings do not depend on what the process read before it.
        """
        if len(self._starts_without_name) > 100_000:
            self._starts_without_name.clear()
        seen = self._starts_without_name[word] = self._starts_without_name.get(word, 0) + 1
        if seen >= PLAIN_AFTER and len(self.plain_starts) < 100_000:
            self.plain_starts.add(word)

    def add(self, words: list[str]) -> None:
        for i, word in enumerate(words):
            low = word.lower()
            if len(low) < 2:
                continue
            role = "S" if len(words) == 1 else ("L" if i == len(words) - 1 else "F")
            known = self.roles.get(low)
            if known is None:
                self.roles[low] = role
                self._by_prefix.setdefault(low[:3], []).append((low, strip_ending(low)))
                self._roles_of.clear()
            elif role not in known:
                self.roles[low] = known + role
                self._roles_of.clear()

    def role(self, word: str) -> str:
        """The roles of the remembered words `word` is a form of ("" if none)."""
        found = self._roles_of.get(word)
        if found is not None:
            return found
        low = word.lower()
        found = self.roles.get(low, "")
        others = self._by_prefix.get(low[:3])
        if others:
            stem = strip_ending(low)
            for other, other_stem in others:
                if other != low and same_name(low, other, stem, other_stem):
                    found += self.roles[other]
        if len(self._roles_of) >= 100_000:
            self._roles_of.clear()
        self._roles_of[word] = found
        return found

    def __len__(self) -> int:
        return len(self.roles)

    def reset(self) -> None:
        self.roles.clear()
        self._by_prefix.clear()
        self.plain_starts.clear()
        self._starts_without_name.clear()
        self._roles_of.clear()
        if self.confirmed is not None:
            self.confirmed.reset()


def same_name(a: str, b: str, stem_a: str | None = None, stem_b: str | None = None) -> bool:
    """Two lower-case words are forms of one name: one is the other plus Estonian endings, or they share a stem."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 3 and long.startswith(short) and is_ending(long[len(short):]):
        return True
    stem_a = strip_ending(a) if stem_a is None else stem_a
    stem_b = strip_ending(b) if stem_b is None else stem_b
    if stem_a == stem_b:
        return True
    # A weak-grade stem lost a doubled consonant: raudsepa(le) and raudsepp, tamme and tamm.
    short, long = (stem_a, stem_b) if len(stem_a) <= len(stem_b) else (stem_b, stem_a)
    return len(long) == len(short) + 1 and long.startswith(short) and long[-1] == long[-2]


@dataclass
class Sentence:
    tokens: list[Token]
    rows: list[list[str]]  # stage-one features
    opener: str | None = None  # the first word, when only it made the sentence a candidate
    start: int = -1  # where the sentence starts (the piece may start later)


def lower_elsewhere(text: str, word: str) -> bool:
    """True when `word` is also written in lower case as a whole word somewhere in `text`."""
    low = word.lower()
    if low == word:
        return False
    start = text.find(low)
    while start >= 0:
        end = start + len(low)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after):
            return True
        start = text.find(low, start + 1)
    return False


class NameModel:
    """Two stages per language; each piece of text is read with the model of the language it is written in."""

    def __init__(self, models: dict[str, tuple[str, str]], featurizer: Featurizer | None = None):
        self.taggers: dict[str, tuple[pycrfsuite.Tagger, pycrfsuite.Tagger]] = {}
        known: set[str] = set()
        for lang, stages in models.items():
            pair = (pycrfsuite.Tagger(), pycrfsuite.Tagger())
            for tagger, path in zip(pair, stages):
                tagger.open(path)
                known |= model_attributes(tagger, path)
            self.taggers[lang] = pair
        # Features no model knows are left out of the rows: the taggers would drop them (Featurizer).
        self.featurizer = featurizer or Featurizer(known=frozenset(known))
        self.default_language = next(iter(models))
        self.lenient: float | None = LENIENT

    def candidates(self, text: str, memory: DocumentMemory | None = None) -> list[tuple[int, int, str | None]]:
        """The sentences of `text` the model would read (see candidate_sentences)."""
        return candidate_sentences(text, self.featurizer, memory.plain_starts if memory is not None else frozenset())

    def find(self, text: str, memory: DocumentMemory | None = None, hints: Iterable[tuple[int, int, float]] = (),
             candidates: list[tuple[int, int, str | None]] | None = None) -> list[tuple[int, int, float]]:
        """(start, end, probability) of every person name in `text`; `memory` carries names across calls."""
        memory = memory if memory is not None else DocumentMemory()
        hints = list(hints)
        if candidates is None:
            candidates = self.candidates(text, memory)
        sentences = read_sentences(text, self.featurizer, hints, candidates)
        if not sentences and not memory.confirmed:
            return []
        if sentences:  # the language is read from the whole text: only where a sentence needs a model
            first, second = self.taggers.get(language(text)) or self.taggers[self.default_language]
        for start, end, score in hints:
            if score >= SURE_RULE:
                memory.confirmed.add([word for word in text[start:end].split() if word[:1].isupper()])
        for sentence in sentences:
            for start, end, _ in _spans(sentence.tokens, first.tag(sentence.rows)):
                memory.add([t.text for t in sentence.tokens if start <= t.start < end and t.text[:1].isupper()])
        results = []
        for sentence in sentences:
            rows = second_stage_rows(sentence.rows, sentence.tokens, memory)
            labels = second.tag(rows)  # also sets the sequence that marginal() reads
            if self.lenient is not None:
                labels = _lenient(sentence.tokens, labels, second, self.lenient)
            for start, end, positions in _spans(sentence.tokens, labels):
                positions = _word_positions(sentence.tokens, positions)
                if not positions or self._greeting(sentence, positions) or self._not_a_name(sentence, positions):
                    continue
                start, end = sentence.tokens[positions[0]].start, sentence.tokens[positions[-1]].end
                probability = sum([second.marginal(labels[i], i) for i in positions]) / len(positions)
                results.append((start, end, probability))
                if probability >= 0.5:
                    memory.confirmed.add([sentence.tokens[i].text for i in positions if sentence.tokens[i].text[:1].isupper()])
            if sentence.opener and BEGIN not in labels and INSIDE not in labels and not hints:
                memory.plain_start(sentence.opener)
        return results + _surnames_again(text, results, memory)

    def _not_a_name(self, sentence: Sentence, positions: list[int]) -> bool:
        """A product with a code after it ("Power BI"), one word that is a place and no person's name ("Pärnu"),
        or one unknown word alone."""
        last = sentence.tokens[positions[-1]].text
        if len(positions) > 1 and last.isupper() and len(last) <= 3:
            return True
        words = self.featurizer.words
        if len(positions) > 1 and all([_common_not_name(sentence.tokens[i].text.lower(), words) for i in positions]):
            return True  # common words only: a job title or a heading ("Data Protection Officer")
        if len(positions) == 1:
            low = last.lower()
            person_word = low in words.given or words.inflected_in(low, words.person_words)
            if len(sentence.tokens) == 1 and not (person_word or words.inflected_in(low, words.surnames)):
                return True  # one unknown word alone in a cell or on a line: a title, a code name ("Mudlogger")
            return words.inflected_in(low, words.places) and not person_word
        return False

    def _greeting(self, sentence: Sentence, positions: list[int]) -> bool:
        """One common word starting a sentence that no name list knows: "Tere, Mari!", "Kuna ..."."""
        if len(positions) != 1 or positions[0] != 0 or sentence.tokens[0].start != sentence.start:
            return False
        low = sentence.tokens[0].text.lower()
        words = self.featurizer.words
        # The person-word list only: the wider given-name list holds words of every language ("Tere").
        return low in FUNCTION_WORDS or (words.common_word(low) and not words.inflected_in(low, words.person_words))


def candidate_sentences(text: str, featurizer: Featurizer,
                        plain_starts: frozenset[str] | set[str] = frozenset()) -> list[tuple[int, int, str | None]]:
    """(start, end, opener) of the sentences of `text` that could hold a name, in order.

    A capitalised word inside a sentence is a candidate, unless it is a short
    acronym (VAT, PDF) no name list knows. A capitalised word starting a
    sentence is one only when it is not a common word (most sentences of a
    business text start with one) or when it is a known person-name word
    that is not a function word ("Tamm ütles", not "The" or "All"), and not
    one of `plain_starts`. `opener` is that first word when it alone made
    the sentence a candidate, else None. Only the chosen sentences are cut
    out of the text: text without candidates costs a few passes of bytes regexes
    (_byte_starts), or one regex pass where one byte per character cannot hold the text.
    """
    words = featurizer.words
    found = _byte_starts(text, words, plain_starts)
    if found is None:
        found = _name_starts(text, words, plain_starts)
    chosen: dict[tuple[int, int], str | None] = {}
    covered_until = -1  # the end of the last sentence chosen for a word inside it
    last = None  # the last sentence looked up, while it holds every later position (see _same_sentence)
    for position, opener in sorted(found, key=lambda item: (item[0], item[1] is not None)):
        if position < covered_until:
            continue
        if last is not None and last[0] <= position < last[1] and position - _SENTENCE_REACH <= last[2]:
            bounds = last[:2]  # a row's first name and surname: one sentence, looked up once
        else:
            bounds = sentence_around(text, position)
            last = _same_sentence(text, position, bounds)
        if opener is None or bounds not in chosen:
            chosen[bounds] = opener
        if opener is None:
            covered_until = bounds[1]
    return [bounds + (opener,) for bounds, opener in sorted(chosen.items())]


def _same_sentence(text: str, position: int, bounds: tuple[int, int]) -> tuple[int, int, int] | None:
    """(start, end, line start) of the sentence sentence_around() found at `position`, if it is also what
    it finds at every later position before its end that is no further than _SENTENCE_REACH from the
    line start; None if the sentence's end was cut at that reach.

    A later position in the sentence sees the same line (the same line start while the reach does not
    cut it) and the same breaks: none lies between the two positions, since the first after
    `position` ends the sentence, and a break (spaces and quotes after . ! ?) never holds the letter a
    position starts.
    """
    if bounds[1] >= position + _SENTENCE_REACH:
        return None
    return bounds[0], bounds[1], text.rfind("\n", 0, position) + 1


def _name_starts(text: str, words, plain_starts) -> list[tuple[int, str | None]]:
    """(position, opener) where a name could start in `text` (see candidate_sentences), in any text.

    `opener` is the word in small letters where only a sentence starting with it made the
    position one, else None. The order is not kept: candidate_sentences() sorts them.
    """
    # One pass for every word that starts with a capital: the capitalised words and those in capitals,
    # each with a mark where _INSIDE_SENTENCE would match it. Only then is that pass run, for the
    # positions: most texts have no capitalised word inside a sentence (logs, most business prose).
    capital_words = _CAPITAL_WORD_MARKED.findall(text)
    found: list[tuple[int, str | None]] = []
    if any(mark for _, mark in capital_words):
        found = [(m.start(), None) for m in _INSIDE_SENTENCE.finditer(text)]
    # Most capitalised words start sentences, and a few common words start most sentences: judge
    # each distinct word once, and look for positions only where one could start a name.
    with_capital = {word for word, _ in capital_words}
    kinds = [(word, _capital_word_kind(word, words)) for word in with_capital]
    openers = {word for word, (low, _) in kinds if low is not None and low not in plain_starts}
    if openers:
        for match in _CAPITAL_WORD.finditer(text):
            if match.group() in openers and _starts_sentence(text, match.start()):
                found.append((match.start(), match.group().lower()))
    capitals = {word for word, (_, all_capitals) in kinds if all_capitals}
    if any(low in words.given or words.inflected_in(low, words.person_words) for low in map(str.lower, capitals)):
        for match in _CAPITALS_PAIR.finditer(text):
            first, second = match.group(1).lower(), match.group(2).lower()
            if any(low in words.given or words.inflected_in(low, words.person_words) for low in (first, second)):
                found.append((match.start(), None))  # a heading or a register in capitals: MARI TAMM
    return found


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĢĪĮĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_OPENER_CLASS = r"\s.!?:;\"„“«(\-–—•*"  # OPENERS and white space, for a character class
# Each pattern starts with its capital so that the regex engine skips ahead to capitals fast; the
# look-behind after it checks what comes before the word.
# A capitalised word (not in capitals) with one space after a word, a comma or a bracket: inside a sentence.
_INSIDE_SENTENCE = re.compile(rf"[{_UPPER}](?<=[^{_OPENER_CLASS}][ \t].)[\w'’-]*[^\W\d_{_UPPER}][\w'’-]*")
# Every word starting with a capital, whole: a capitalised word when a small letter follows
# (_HAS_SMALL), a word in capitals when all of it is (_ALL_CAPITALS).
_CAPITAL_WORD = re.compile(rf"[{_UPPER}](?<![\w'’-].)[\w'’-]*")
# _CAPITAL_WORD with a second group: the capital itself where _INSIDE_SENTENCE matches at the word
# (one space after a word, a comma or a bracket, and a small letter in the word), else empty.
# Every match of _INSIDE_SENTENCE starts a word that _CAPITAL_WORD finds (tests/test_names.py).
_CAPITAL_WORD_MARKED = re.compile(
    rf"([{_UPPER}](?<![\w'’-].)(?:(?<=[^{_OPENER_CLASS}][ \t](.))(?=[\w'’-]*[^\W\d_{_UPPER}]))?[\w'’-]*)")
_HAS_SMALL = re.compile(rf"[^\W\d_{_UPPER}]")
_ALL_CAPITALS = re.compile(rf"[{_UPPER}]{{2,}}")


def _starts_sentence(text: str, position: int) -> bool:
    """Only white space on its line, or a sentence's end, a quote or a bullet, before `position`."""
    j = position - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n" or text[j] in OPENERS


# Two words in capitals: a register or a byline (TAMM MARI, URMAS PAET), not one acronym (VAT, DEBUG).
_CAPITALS_PAIR = re.compile(rf"(?<![\w'’-])([{_UPPER}]{{2,}}),?[ \t]+([{_UPPER}]{{2,}})(?![\w'’-])")



# The same search on bytes, for text that one byte per character can hold: Latin-1 (most Estonian
# and English text: õ ä ö ü are in it), else Windows-1252 (š ž „ “ – — ’ too). There the regex
# engine finds the characters that start each pattern by comparing bytes instead of testing a
# character class at every character: about half the time of _name_starts() on prose, a third
# less on logs. Other text goes the way of _name_starts(). tests/test_names.py checks that both
# give the same positions.
class _ByteSearch:
    """The translations and patterns of one single-byte encoding, for _byte_starts()."""

    def __init__(self, codec: str):
        self.codec = codec
        self.classes, self.marked = self._tables()
        upper, word = self._members(f"[{_UPPER}]"), self._members(r"[\w'’-]")
        # On the marked words: a word starting a sentence, after a line end or an opener and spaces,
        # after a hyphen and at least one space (a hyphen right before it belongs to the word), or
        # at the start.
        self.started = [re.compile(lead + b"([" + upper + b"][" + word + b"]*)") for lead in (rb"\x00 *", rb"- +")]
        self.first = re.compile(rb" *([" + upper + b"][" + word + b"]*)")

    def _char(self, code: int) -> str | None:
        try:
            return bytes([code]).decode(self.codec)
        except UnicodeDecodeError:
            return None  # a byte the encoding leaves undefined: no text encodes to it

    def _members(self, pattern: str) -> bytes:
        found = re.compile(pattern)
        return b"".join(b"\\x%02x" % code for code in range(256)
                        if self._char(code) is not None and found.match(self._char(code)))

    def _tables(self) -> tuple[bytes, bytes]:
        """The classes: each byte's class as the patterns of _name_starts() see its character: A a
        capital of _UPPER, a a small letter (_HAS_SMALL), d another word character (' and ’ too:
        they continue a word), - itself, a space for a space or a tab, o a line end or one of
        OPENERS, s other white space, a comma itself, x anything else. The marked words: every word
        as it is written, each line end and opener (not the hyphen) one zero byte, a tab a space,
        and the zero byte itself another character of its class."""
        upper, space, word = re.compile(f"[{_UPPER}]"), re.compile(r"\s"), re.compile(r"[\w'’-]")
        classes, marked = bytearray(b"x" * 256), bytearray(range(256))
        for code in range(256):
            char = self._char(code)
            if char is None:
                continue
            if upper.match(char):
                kind = "A"
            elif _HAS_SMALL.match(char):
                kind = "a"
            elif word.match(char):
                kind = "-" if char == "-" else "d"
            elif char in " \t,":
                kind = " " if char == "\t" else char
            elif char == "\n" or char in OPENERS:
                kind = "o"
                marked[code] = 0
            elif space.match(char):
                kind = "s"
            else:
                kind = "x"
                if code == 0:
                    marked[code] = 1  # another character of the same class, so that zero marks only openers
            classes[code] = ord(kind)
        marked[ord("\t")] = ord(" ")
        return bytes(classes), bytes(marked)


_BYTE_SEARCHES = (_ByteSearch("latin-1"), _ByteSearch("cp1252"))
# On the classes: _INSIDE_SENTENCE's capital (the match starts at the space before it).
_INSIDE_CLASSES = re.compile(rb" A(?<=[^os\- ] A)(?=[aAd\-]*a)")
# On the classes: _CAPITALS_PAIR.
_PAIR_CLASSES = re.compile(rb"(AA(?<![aAd\-]AA)A*),? +(AA+)(?![aAd\-])")
# What every match of _PAIR_CLASSES holds: where it is missing (log lines' "DEBUG request", most text),
# the pattern's look-behind and backtracking at each pair of capitals are spared.
_PAIR_HINT = re.compile(rb"AA,? +AA")


def _byte_starts(text: str, words, plain_starts) -> list[tuple[int, str | None]] | None:
    """What _name_starts() finds, for text of Latin-1 or Windows-1252 characters only (else None)."""
    for search in _BYTE_SEARCHES:
        try:
            data = text.encode(search.codec)
            break
        except UnicodeEncodeError:
            continue
    else:
        return None
    codec = search.codec
    classes = data.translate(search.classes)
    if b"A" not in classes:
        return []  # every pattern below starts at a capital ("A"): a column of dates or amounts has none
    found: list[tuple[int, str | None]] = [(m.start() + 1, None) for m in _INSIDE_CLASSES.finditer(classes)]
    marked = data.translate(search.marked)
    first = search.first.match(marked)
    # The distinct words that start sentences, found without a Python step per sentence; their
    # positions only where one of them could start a name.
    starting = set(search.started[0].findall(marked))
    starting.update(search.started[1].findall(marked))
    if first is not None:
        starting.add(first.group(1))
    openers = set()
    for word in starting:
        low = _capital_word_kind(word.decode(codec), words)[0]
        if low is not None and low not in plain_starts:
            openers.add(word)
    if openers:
        for match in [first] + [m for pattern in search.started for m in pattern.finditer(marked)]:
            if match is not None and match.group(1) in openers:
                found.append((match.start(1), match.group(1).decode(codec).lower()))
    for match in _PAIR_CLASSES.finditer(classes) if _PAIR_HINT.search(classes) is not None else ():
        first_word, second_word = text[match.start(1):match.end(1)].lower(), text[match.start(2):match.end(2)].lower()
        if any(low in words.given or words.inflected_in(low, words.person_words) for low in (first_word, second_word)):
            found.append((match.start(), None))
    return found

@functools.lru_cache(maxsize=65536)
def _capital_word_kind(word: str, words) -> tuple[str | None, bool]:
    """(the word in small letters if a sentence it starts could start with a name, else None; all in capitals).

    The same few words start most sentences of a text, in every block of it: each is judged once.
    """
    opener = word.lower() if _HAS_SMALL.search(word) and _may_start_with_name(word.lower(), words) else None
    return opener, bool(_ALL_CAPITALS.fullmatch(word))


@functools.lru_cache(maxsize=65536)
def _may_start_with_name(low: str, words) -> bool:
    """A sentence starting with this word could start with a name."""
    return low not in FUNCTION_WORDS and (not words.common_word(low) or words.inflected_in(low, words.person_words))


# Tokens kept on each side of the capitalised words of a sentence; farther ones are not read.
REACH = 3


def _capital(word: str) -> bool:
    """A word a name could be: capitalised, and not a two-letter code (EE, AS, OÜ)."""
    return word[:1].isupper() and (len(word) > 2 or not word.isupper())


def pieces(tokens: list[Token]) -> list[tuple[int, int]]:
    """[i, j) ranges of `tokens` worth tagging: the capitalised words, close ones together, with REACH around."""
    capitals = [i for i, token in enumerate(tokens) if _capital(token.text)]
    if not capitals:
        return []
    ranges = []
    first = last = capitals[0]
    for i in capitals[1:]:
        if i - last > 2 * REACH:
            ranges.append((max(0, first - REACH), last + REACH + 1))
            first = i
        last = i
    ranges.append((max(0, first - REACH), min(len(tokens), last + REACH + 1)))
    return ranges


def read_sentences(text: str, featurizer: Featurizer, hints: Iterable[tuple[int, int, float]] = (),
                   candidates: list[tuple[int, int, str | None]] | None = None) -> list[Sentence]:
    """The pieces of the candidate sentences of `text` that hold capitalised words, with their stage-one features.

    `hints` are the register rules' candidates (start, end, score): the tokens they cover carry
    RU (a sure rule) or RW (a weak one), so the model learns how far to trust each kind.
    """
    found = []
    view = _View(text)
    hints = sorted(hints)
    sure = [(start, end) for start, end, score in hints if score >= SURE_RULE]
    sure_starts = [start for start, _ in sure]
    if candidates is None:
        candidates = candidate_sentences(text, featurizer)
    for start, end, opener in candidates:
        if sure and _covered(text, start, end, sure, sure_starts):
            continue  # a register row whose name a sure rule found: nothing left for the model
        tokens = tokenize(text, start, end)
        for i, j in pieces(tokens):
            piece = tokens[i:j]
            rows = featurizer.sentence(piece, view, tokens[i - 1].text if i else None)
            if hints:
                _mark_hints(piece, rows, hints)
            found.append(Sentence(piece, rows, opener, start))
    return found


def _mark_hints(tokens: list[Token], rows: list[list[str]], hints: list[tuple[int, int, float]]) -> None:
    """RU or RW on each token a (sorted) hint covers, and on its neighbours with their offset."""
    first = bisect.bisect_left(hints, (tokens[0].start - 200,))
    near = [hint for hint in hints[first:] if hint[0] < tokens[-1].end]
    if not near:
        return
    marks = []
    for token in tokens:
        mark = ""
        for start, end, score in near:
            if start > token.start:
                break
            if token.start < end:
                mark = "RU" if score >= 0.5 else "RW"
        marks.append(mark)
    for i, row in enumerate(rows):
        if marks[i]:
            row.append(marks[i])
        if i and marks[i - 1]:
            row.append("-1" + marks[i - 1])
        if i + 1 < len(rows) and marks[i + 1]:
            row.append("1" + marks[i + 1])


# A capitalised word not inside another. The capital comes before the look-behind (which then
# looks two characters back): a pattern led by a character class lets the engine skip to capitals,
# one led by a look-behind is tried at every position (2-3 times slower on exports, letters, logs).
_NAME_LIKE = re.compile(r"[A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĢĪĮĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ](?<![\w'’-].)(?:[\w'’-]*[^\W\d_A-Z][\w'’-]*|[A-Z]{2,})")


def _covered(text: str, start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Every word of text[start:end] a name could be (see _capital) lies inside one of the sorted `spans`
    (whose starts are `starts`)."""
    for match in _NAME_LIKE.finditer(text, start, end):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i < 0 or match.start() >= spans[i][1]:
            return False
    return True


def _surnames_again(text: str, found, memory: DocumentMemory) -> list[tuple[int, int, float]]:
    """A surname of a full name found in this document, alone in any of its forms: "Lukase" after "Tõnis Lukas".

    Read over the whole text, since a sentence that starts with a surname that is also a common
    word ("Lukase sõnul", "Tamm ütles") is not a candidate sentence.
    """
    if not memory.confirmed:
        return []
    if text.isascii() and text.lower() == text:
        return []  # no capital (A-Z), so no surname: a column of dates or amounts (lower() of ASCII is cheap)
    taken = sorted([(start, end) for start, end, _ in found])
    starts = [start for start, _ in taken]
    more = []
    for match in _NAME_LIKE.finditer(text):
        word = match.group()
        if len(word) < 3 or word.isupper() or "L" not in memory.confirmed.role(word):
            continue
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and match.start() < taken[i][1]:
            continue  # already inside a name
        more.append((match.start(), match.end(), SURNAME_AGAIN))
    return more


BEGIN, INSIDE = "B", "I"  # the labels of a person name's first and following words (else "O")
SURNAME_AGAIN = 0.6
LENIENT = 0.35  # see _lenient(): tuned by cross-validation on the training portions
# A register rule this sure ("Mari Tamm;" with both names known) is taken as it is: where it covers every
# capitalised word of a piece, the model does not read the piece (an export has a name in every row).
SURE_RULE = 0.8
PLAIN_AFTER = 3  # sentences starting with one word and holding no name before such sentences are skipped  # the score of a surname found again alone


class _View:
    """The document-level features of the featurizer, read straight from the text."""

    def __init__(self, text: str):
        self.text = text

    @functools.lru_cache(maxsize=4096)
    def lower_elsewhere(self, word: str) -> bool:
        return lower_elsewhere(self.text, word)


def second_stage_rows(rows: list[list[str]], tokens: list[Token], memory: DocumentMemory) -> list[list[str]]:
    out = []
    marks = []
    for row, token in zip(rows, tokens):
        row = list(row)
        mark = False
        if token.text[:1].isupper() and len(token.text) > 1:
            roles = memory.role(token.text)
            if "F" in roles or "L" in roles:
                row.append("DM")
                row.append("DML" if "L" in roles else "DMF")
                mark = True
            if "S" in roles:
                row.append("DS")
        out.append(row)
        marks.append(mark)
    for i, row in enumerate(out):
        if i and marks[i - 1]:
            row.append("-1DM")
        if i + 1 < len(out) and marks[i + 1]:
            row.append("1DM")
    return out


def _common_not_name(low: str, words) -> bool:
    """A common word that no Estonian name list knows (the wide lists of every language know "Data", "Officer")."""
    return words.common_word(low) and not words.inflected_in(low, words.person_words)


def _word_positions(tokens: list[Token], positions: list[int]) -> list[int]:
    """A name's token positions without the punctuation at its edges ("Mari!") and a title before it ("Mr")."""
    while positions and not tokens[positions[-1]].text[:1].isalpha():
        positions = positions[:-1]
    while positions and (not tokens[positions[0]].text[:1].isalpha() or tokens[positions[0]].text.lower() in TITLES):
        positions = positions[1:]
    return positions


def _lenient(tokens: list[Token], labels: list[str], tagger, threshold: float) -> list[str]:
    """Labels where a capitalised word the best path leaves out is still taken when the model gives it
    at least `threshold` of being part of a name (names are what a scan must not miss)."""
    out = list(labels)
    for i, token in enumerate(tokens):
        if out[i] == "O" and _capital(token.text) and tagger.marginal(BEGIN, i) + tagger.marginal(INSIDE, i) >= threshold:
            out[i] = INSIDE if i and out[i - 1] in (BEGIN, INSIDE) else BEGIN
    return out


def _spans(tokens: list[Token], labels: Iterable[str]) -> list[tuple[int, int, list[int]]]:
    """(start, end, token positions) of each run of person labels (B, then I)."""
    spans, current = [], None
    for i, (token, label) in enumerate(zip(tokens, labels)):
        if label == BEGIN or (label == INSIDE and current is None):
            if current:
                spans.append(current)
            current = (token.start, token.end, [i])
        elif label == INSIDE:
            current = (current[0], token.end, current[2] + [i])
        elif current:
            spans.append(current)
            current = None
    if current:
        spans.append(current)
    return spans


LANGUAGES = ("et", "en")  # the first is the default


def model_files(folder, lang: str) -> tuple[str, str]:
    return str(folder / f"person-{lang}-stage1.crfsuite"), str(folder / f"person-{lang}-stage2.crfsuite")


def attributes_file(model: str) -> str:
    """Where the list of a model's attributes lies: beside it, written when it was trained (write_attributes)."""
    return model.removesuffix(".crfsuite") + ".attributes.txt.gz"


def model_attributes(tagger: pycrfsuite.Tagger, model: str) -> frozenset[str]:
    """The attributes (features) `model` knows, from its list; read from the model itself if it has none.

    The model's own dump (`Tagger.info()`) takes 0.14 s for the English stage one, the list 2 ms.
    """
    try:
        with gzip.open(attributes_file(model), "rt", encoding="utf-8") as handle:
            return frozenset(handle.read().split("\n")[:-1])
    except FileNotFoundError:
        return frozenset(tagger.info().attributes)


def write_attributes(model: str) -> None:
    """Write the list of `model`'s attributes beside it, one a line (features hold no white space)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(model)
    attributes = sorted(tagger.info().attributes)
    if any("\n" in attribute for attribute in attributes):
        raise ValueError(f"{model}: an attribute holds a line break")
    with open(attributes_file(model), "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write("".join(attribute + "\n" for attribute in attributes).encode("utf-8"))


def default_model_folder():
    """The shipped models' folder (the package data is a real folder: setuptools installs it unzipped)."""
    from pathlib import Path

    return Path(str(resources.files("scanner.names").joinpath("data")))


@functools.lru_cache(maxsize=1)
def default_model() -> NameModel:
    """The shipped model."""
    folder = default_model_folder()
    return NameModel({lang: model_files(folder, lang) for lang in LANGUAGES})
