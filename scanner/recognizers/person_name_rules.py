"""Person names by rule: a gazetteer of first names and surname stems, the ways registers write names, and context.

The statistical name model (scanner/names/) reads names in running text;
these rules add what it was never trained on: registers and exports
("TAMM MARI", "Tamm, Mari", a name alone in a CSV cell), and they reject
company names (Tamm & Kask AS) and streets (Kase tn) for both. Estonian full
names have a useful property: only the last word inflects (Mari Tammele,
Jaan Kase, Tõnu Mäe), so a known first name followed by any capitalised word
is strong evidence, and a known surname stem with a case ending catches the
rest. `name_key` gives every written form of a name one fingerprint.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from scanner.recognizers.base import WordBefore
from scanner.recognizers.name_lists import (
    ENGLISH_FIRST_NAMES,
    ENGLISH_SURNAMES,
    ESTONIAN_FIRST_NAMES,
    ESTONIAN_SURNAMES,
    NOT_NAME_WORDS as _STOP_WORDS,
    PLACE_NAMES as _PLACES,
)

UPPER = "A-ZÕÄÖÜŠŽ"
LOWER = "a-zõäöüšžéèáàíóúñç'"
# An apostrophe only inside a word (O'Neill, Hill's; not the quote after John Doe').
_PART_REST = rf"(?:[{LOWER[:-1]}]|'[{UPPER}{LOWER[:-1]}])+"  # a part after its capital
_PART = rf"[{UPPER}]{_PART_REST}"
_WORD = rf"{_PART}(?:-{_PART})?"
# Not after a word, an address or a dot. Each pattern below starts with its first capital and puts this
# after it, so that the engine skips to capitals; led by the look-behind, a pattern is tried at every
# position, three times slower (a test checks the same matches as that spelling).
_FIRST = rf"[{UPPER}](?<![\w@.-].)"
# A run of capitalised words on one line, or an initial followed by a word ("M. Tamm").
_RUN = re.compile(
    rf"{_FIRST}(?:\.[ \t]?{_WORD}|{_PART_REST}(?:-{_PART})?)(?:[ \t]{{1,2}}{_WORD}){{0,3}}(?![\w@-])"
)
_TOKEN = re.compile(rf"(?:[{UPPER}]\.)|{_WORD}")
# Official lists and exports: "TAMM MARI", "MARI TAMM", "Tamm, Mari".
_CAPS = rf"[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})?"
_CAPS_NAME = re.compile(rf"{_FIRST}[{UPPER}]+(?:-[{UPPER}]{{2,}})?,?[ \t]{{1,2}}{_CAPS}(?![\w@-])")
_COMMA_NAME = re.compile(rf"({_FIRST}{_PART_REST}(?:-{_PART})?),[ \t]({_WORD})(?![\w@-])(?![ \t]+[{UPPER}])")
_WORD_BEFORE = re.compile(rf"[{UPPER}][{LOWER}]+[ \t]+$")
# What every match of _CAPS_NAME holds, even one cut short by a sentence's end: a space or tab before
# two capitals (led by the space, the search skips ahead in C: 8 µs a block, where the whole
# pattern's shape took 45).
_CAPS_HINT = re.compile(rf"[ \t][{UPPER}]{{2}}")
HINTED_SENTENCES = 4  # from this many candidate sentences in a text, listing_hints() is asked first


def listing_hints(text: str) -> tuple[bool, bool]:
    """Whether `text` holds what every match of _CAPS_NAME holds, and what every match of _COMMA_NAME
    holds (a comma, then a space or tab): where it does not (an export's rows), no sentence of it
    needs that pattern run."""
    return _CAPS_HINT.search(text) is not None, ", " in text or ",\t" in text


# Estonian case endings, longest first (sse: illative, lt: ablative, le: allative...).
_CASE_ENDINGS = ("sse", "lt", "le", "ga", "ks", "na", "ni", "ta", "st", "l", "s", "d", "t")
# Stem changes of common surname endings (consonant gradation): base ending -> genitive ending.
_GENITIVE_CHANGES = {
    "kask": "kase", "kuusk": "kuuse", "mägi": "mäe", "jõgi": "jõe", "sepp": "sepa", "lepp": "lepa",
    "põld": "põllu", "rand": "ranna", "sild": "silla", "lind": "linnu", "hunt": "hundi", "kukk": "kuke",
    "laht": "lahe", "kallas": "kalda", "org": "oru", "mänd": "männi", "kurg": "kure", "känd": "kännu",
    "vaher": "vahtra", "tõnis": "tõnise", "pukk": "puki", "rätsep": "rätsepa", "lõhmus": "lõhmuse",
}


_TITLES = frozenset({"hr", "pr", "härra", "proua", "preili", "mr", "mrs", "ms", "miss", "dr", "prof"})


_COMPANY_MARKERS = re.compile(
    r"^(?:[ \t]*(?:&|\+)|[ \t,]+(?:AS|OÜ|MTÜ|SA|UÜ|TÜ|Ltd|LLC|Inc|GmbH|AB|Oy|SIA|UAB|PLC|Corp|Group|ja\s+Pojad|"
    r"Grupp|Kinnisvara|Ehitus|Transport|Consulting|Solutions|LTD|GRUPP|KINNISVARA|EHITUS)\b)"
)
_COMPANY_BEFORE = re.compile(r"(?:\b(?:AS|OÜ|MTÜ|SA|UÜ|TÜ)|&)[ \t]*$")
_STREET_AFTER = re.compile(
    r"^[ \t]+(?:tn|tänav|tänava|mnt|maantee|pst|puiestee|tee|põik|väljak|allee|küla|vald|valla|linn|linna|alevik|"
    r"maakond|street|st|road|rd|avenue|ave|square)\b", re.IGNORECASE
)
# Titles in their written case only: "MS Windows" is not Ms Windows.
_TITLE_BEFORE = re.compile(r"(?:^|[^\w])(?:[Hh]r|[Pp]r|[Hh]ärra|[Pp]roua|[Pp]reili|Mr|Mrs|Ms|Miss|Dr|Prof)\.?[ \t]*$")
_CONTEXT_BEFORE = WordBefore(
    r"(?:\b(?:nimi|nime|name|klient|kliendi|customer|kontaktisik|contact(?:\s+person)?|töötaja|employee|esindaja|"
    r"allkirjastaja|maksja|tellija|ostja|müüja|üürnik|patsient|patient|applicant|kandidaat|vastutav|tööandja|"
    r"liige|esindab|juhataja|direktor|manager|assistant|koordinaator|spetsialist|konsultant|accountant|"
    r"osalesid|osalejad|attendees|participants|vastutaja|representative|signed|allkirjastanud|koostas|"
    r"prepared\s+by)\s*[:\-]?|"
    # Words too common to count without a colon: "From: Mari Tamm", not "figures from Amazon".
    r"\b(?:from|to|cc|saatja|saaja|adressaat|kellele|kohal|puudus|present|absent|owner|action|koopia)\s*:|"
    r"lugupidamisega|tervitades|soovidega|regards|sincerely|wishes|aitäh|tänades)[,:;\s]*$",
    trailing=",:;-", letters=True, words=2,
    endings=(
        "nimi", "nime", "name", "klient", "kliendi", "customer", "kontaktisik", "contact", "person", "töötaja",
        "employee", "esindaja", "allkirjastaja", "maksja", "tellija", "ostja", "müüja", "üürnik", "patsient",
        "patient", "applicant", "kandidaat", "vastutav", "tööandja", "liige", "esindab", "juhataja", "direktor",
        "manager", "assistant", "koordinaator", "spetsialist", "konsultant", "accountant", "osalesid", "osalejad",
        "attendees", "participants", "vastutaja", "representative", "signed", "allkirjastanud", "koostas", "by",
        "from", "to", "cc", "saatja", "saaja", "adressaat", "kellele", "kohal", "puudus", "present", "absent",
        "owner", "action", "koopia",
        "lugupidamisega", "tervitades", "soovidega", "regards", "sincerely", "wishes", "aitäh", "tänades",
    ),
)


def _genitive_stems(base: str) -> set[str]:
    """Likely genitive stems of a lower-case surname: tamm -> tamme, kask -> kase, rebane -> rebase."""
    stems = {base, base + "e", base + "i", base + "u", base + "a"}
    if base.endswith("s"):
        stems.update({base[:-1], base[:-1] + "se"})
    if base.endswith("ne"):
        stems.add(base[:-2] + "se")
    for ending, genitive in _GENITIVE_CHANGES.items():
        if base.endswith(ending):
            stems.add(base[: -len(ending)] + genitive)
    return {stem for stem in stems if len(stem) >= 3}


@functools.lru_cache(maxsize=1)
def _surname_stems() -> dict[str, str]:
    """Every likely stem of every known Estonian surname, mapped to a base form.

    Where a stem is also a surname of its own (Tamme is a surname and the
    genitive of Tamm), the other base wins, so Tamm, Tamme and Tammele share
    one fingerprint: a subject search then over-matches rather than misses.
    """
    candidates: dict[str, set[str]] = {}
    for name in ESTONIAN_SURNAMES:
        base = name.lower()
        for stem in _genitive_stems(base):
            candidates.setdefault(stem, set()).add(base)
    return {
        stem: min(bases - {stem} or bases, key=lambda base: (len(base), base))
        for stem, bases in candidates.items()
    }


_FIRST_NAMES = frozenset(name.lower() for name in ESTONIAN_FIRST_NAMES | ENGLISH_FIRST_NAMES)
_ENGLISH_SURNAMES = frozenset(name.lower() for name in ENGLISH_SURNAMES)


# Words repeat (registers, exports), and each answer below depends on the word alone.
_by_word = functools.lru_cache(maxsize=65536)


@_by_word
def is_first_name(word: str) -> bool:
    low = word.lower()
    return low in _FIRST_NAMES or ("-" in low and all(part in _FIRST_NAMES for part in low.split("-")))


@_by_word
def surname_base(word: str) -> str | None:
    """The base form of a known Estonian surname in any case form (Tammele -> tamm, Mäelt -> mägi)."""
    low = word.lower()
    stems = _surname_stems()
    if low in stems:
        return stems[low]
    for ending in _CASE_ENDINGS:
        if low.endswith(ending) and low[: -len(ending)] in stems:
            return stems[low[: -len(ending)]]
    return None


@_by_word
def is_estonian_surname(word: str) -> bool:
    """True for a known Estonian surname in any case form: Tamm, Tamme, Tammele, Kase, Mäelt."""
    if surname_base(word) is not None:
        return True
    return "-" in word and all(surname_base(part) is not None for part in word.split("-"))


@_by_word
def name_key(name: str) -> str:
    """A name's words in base form and sorted, for fingerprints: Mari Tammele, TAMM MARI and
    "Tamm, Mari" all give "mari tamm", so a subject search finds every way a register writes it."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", name)
    return " ".join(sorted(surname_base(word) or word.casefold() for word in words))


@_by_word
def _plain_word(word: str) -> bool:
    """A capitalised word that could be part of a name: not a stop word, place or initial."""
    low = word.lower()
    return len(word) > 1 and "." not in word and low not in _STOP_WORDS and low not in _PLACES


class NameRules:
    """Candidate names by rule, each [start, end, score, reason]; company names and streets already dropped."""

    def load(self) -> None:
        _surname_stems()

    def candidates(self, text: str, spans: list[tuple[int, ...]] | None = None) -> list[list]:
        """Candidates in `text`, or only within `spans` ((start, end, ...) of the sentences worth reading)."""
        candidates: list[list] = []  # [start, end, score, reason]
        found = []
        spans = spans if spans is not None else [(0, len(text))]
        # A few sentences cost less to read than the text to search for the hints (letters).
        caps, comma = listing_hints(text) if len(spans) >= HINTED_SENTENCES else (True, True)
        for start, end, *_ in spans:
            found += self._run_candidates(text, start, end)
            if caps or comma:
                found += _listed_names(text, start, end, caps, comma)
        for start, end, score, reason in found:
            if not_a_person(text, start, end):
                continue
            if _CONTEXT_BEFORE.search(text[max(0, start - 40):start]):
                score = min(score + 0.3, 1.0)
            candidates.append([start, end, score, reason])
        candidates.sort()
        _share_evidence(text, candidates)
        return candidates

    def _run_candidates(self, text: str, lo: int = 0, hi: int | None = None) -> list[list]:
        """The best name span in each run of capitalised words of text[lo:hi]."""
        candidates = []
        for run in _RUN.finditer(text, lo, len(text) if hi is None else hi):
            tokens = [(m.group(), run.start() + m.start(), run.start() + m.end()) for m in _TOKEN.finditer(run.group())]
            found = self._best_span(text, tokens)
            if found is None:
                continue
            start, end, score, reason = found
            if reason != "title" and _plain_words_after(tokens, end):
                # More capitalised words after the name: a product or an organisation ("Amazon Web Services").
                score -= 0.3
            candidates.append([start, end, score, reason])
        return candidates

    def _best_span(self, text: str, tokens) -> Optional[tuple[int, int, float, str]]:
        words = [word for word, _, _ in tokens]
        # 1. A known first name followed by one or two name-like words: "Mari Tamm", "Mari Liis Tammele".
        for i, word in enumerate(words):
            if is_first_name(word) and i + 1 < len(words) and _plain_word(words[i + 1]):
                last = i + 1
                if last + 1 < len(words) and _plain_word(words[last + 1]) and (
                    is_first_name(words[last]) or is_estonian_surname(words[last + 1])
                ):
                    last += 1
                known = is_estonian_surname(words[last]) or words[last].lower() in _ENGLISH_SURNAMES
                return tokens[i][1], tokens[last][2], 0.85 if known else 0.6, "first name"
        # 1b. Surname first, as official lists write it: "Tamm Mari".
        for i in range(len(words) - 1):
            if _is_surname(words[i]) and is_first_name(words[i + 1]):
                return tokens[i][1], tokens[i + 1][2], 0.7, "surname first"
        # 1c. A list entry of two name-like words with one known part: "Kõrvits Pavel;", "Koppel Tõivo;".
        if len(words) == 2 and all(map(_plain_word, words)) and _whole_cell(text, tokens[0][1], tokens[1][2]):
            # English surnames are too often words (North, Key, Young) to count alone.
            if is_first_name(words[1]) or is_estonian_surname(words[0]):
                return tokens[0][1], tokens[1][2], 0.6, "list entry"
        # 2. A title and a capitalised word: "hr Tamm", "Dear Mr Smith".
        for i, word in enumerate(words[:-1]):
            if word.lower() in _TITLES and _plain_word(words[i + 1]):
                last = i + 2 if i + 2 < len(words) and _plain_word(words[i + 2]) else i + 1
                return tokens[i + 1][1], tokens[last][2], 0.6, "title"
        start = tokens[0][1]
        if _TITLE_BEFORE.search(text[max(0, start - 8):start]) and _plain_word(words[0]):
            last = 1 if len(words) > 1 and _plain_word(words[1]) else 0
            return start, tokens[last][2], 0.6, "title"
        # 3. A name-like word before a known Estonian surname: "Heldur Tammele".
        for j in range(1, len(words)):
            if is_estonian_surname(words[j]) and _plain_word(words[j - 1]) and _plain_word(words[j]):
                begin = tokens[j - 1][1]
                score = 0.6
                if _sentence_start(text, begin):
                    score = 0.55 if _list_item(text, tokens[j][2]) else 0.3
                return begin, tokens[j][2], score, "surname"
        # 4. Two unknown name-like words: only with a context word before them (signature, "Nimi:").
        if len(words) >= 2 and _plain_word(words[0]) and _plain_word(words[1]) and len(words) <= 3:
            return tokens[0][1], tokens[1][2], 0.2, "context"
        return None

CONFIDENT = 0.5


def _plain_words_after(tokens, end: int) -> bool:
    """A name-like word that is no Estonian surname among the tokens from `end` on (a loop, not any() of
    a generator: compiled, see setup.py, that is a coroutine)."""
    for word, token_start, _ in tokens:
        if token_start >= end and _plain_word(word) and not is_estonian_surname(word):
            return True
    return False


# First words of place names: Saint Helena, San Marino, Port Louis, New Zealand.
_PLACE_FIRST_WORDS = frozenset(
    "saint san santa sankt st port mount lake cape fort new north south east west great little".split()
)


# The character right after a name that a company form (_COMPANY_MARKERS: "& Kask", ", AS") or a street
# type (_STREET_AFTER: " tn") needs, and the last one before a name, spaces and a line break at its very
# end aside, that a company form before it needs (_COMPANY_BEFORE: AS, OÜ, MTÜ, SA, UÜ, TÜ or &). Most
# names have neither, and the test costs less than the three regexes (about 1.1 µs).
_COMPANY_OR_STREET_START = frozenset(" \t,&+")
_COMPANY_FORM_END = frozenset("SÜA&")


def not_a_person(text: str, start: int, end: int) -> bool:
    """A company (Tamm & Kask AS, OÜ Kask), a street (Kase tn) or a place (Saint Helena) written like a name."""
    if text[end:end + 1] in _COMPANY_OR_STREET_START and (
        _COMPANY_MARKERS.match(text[end:end + 30]) or _STREET_AFTER.match(text[end:end + 12])
    ):
        return True
    before = text[max(0, start - 8):start]
    # _COMPANY_BEFORE ends in `$`, which also matches before a line break that ends the text searched.
    last = (before[:-1] if before[-1:] == "\n" else before).rstrip(" \t")[-1:]
    if last in _COMPANY_FORM_END and _COMPANY_BEFORE.search(before):
        return True
    first = text[start:end].split(None, 1)
    return len(first) > 1 and first[0].lower().rstrip(".") in _PLACE_FIRST_WORDS


@_by_word
def _is_surname(word: str) -> bool:
    return is_estonian_surname(word) or word.lower() in _ENGLISH_SURNAMES


def _listed_names(text: str, start: int = 0, end: int | None = None, caps: bool = True,
                  comma: bool = True) -> list[list]:
    """Names as registers write them: in capitals (MARI TAMM, TAMM MARI) or "Tamm, Mari".

    `caps`, `comma`: False where the whole text lacks what every match of that kind holds.
    """
    found = []
    end = len(text) if end is None else end
    for match in _CAPS_NAME.finditer(text, start, end) if caps else ():
        first, second = (word.title() for word in re.split(r",?[ \t]+", match.group()))
        if not (_plain_word(first) and _plain_word(second)):
            continue
        if (is_first_name(first) and _is_surname(second)) or (_is_surname(first) and is_first_name(second)):
            found.append([match.start(), match.end(), 0.7, "capitals"])
        elif _whole_cell(text, match.start(), match.end()) and (
            _one_part_known(first, second) or _byline(first, second)
        ):
            found.append([match.start(), match.end(), 0.6, "capitals, list entry"])
    for match in _COMMA_NAME.finditer(text, start, end) if comma else ():
        if _WORD_BEFORE.search(text[max(0, match.start() - 30):match.start()]):
            continue  # "Mari Tamm, Jaan Kask": the end of one name and the start of the next
        surname, first = match.group(1), match.group(2)
        if not (_plain_word(surname) and _plain_word(first)):
            continue
        if is_first_name(first) and _is_surname(surname):
            found.append([match.start(), match.end(), 0.7, "surname, first name"])
        elif _one_part_known(surname, first) and _whole_cell(text, match.start(), match.end()):
            found.append([match.start(), match.end(), 0.6, "surname, first name; list entry"])
    return found


def _byline(first: str, second: str) -> bool:
    """A byline or signature in capitals, first name first: MARIS BALBAT (not ANNA TEADA, "let us know")."""
    from scanner.names.lexicon import lexicon

    words = lexicon()
    return first.lower() in words.person_words and not words.common_word(second.lower())


def _one_part_known(surname: str, first: str) -> bool:
    """Register order (surname, first name) with one part known: REBANE LAGLE, Kõrvits, Valve.

    Only this order: a capitalised heading that starts with a first-name-like word (ANNA TEADA,
    "let us know") is not a name.
    """
    return is_first_name(first) or is_estonian_surname(surname)


def _whole_cell(text: str, start: int, end: int) -> bool:
    """The words fill a CSV cell, a list entry or a line on their own."""
    before = text[max(0, start - 4):start].rstrip(" \t")
    return (before == "" or before[-1] in ";,\t|\n:") and _list_item(text, end)


# Between two items of a list of names. A bare line break is not enough: under a signature's
# name comes a job title ("Mari Tamm\nChief Executive"), under a bullet the next name.
_LIST_GAP = re.compile(r"^(?:\s*[,;/]\s*|\s+(?:ja|ning|või|and|or)\s+|[ \t]*\r?\n[ \t]*[-*•][ \t]*)$")


def _share_evidence(text: str, candidates: list[list]) -> None:
    """Let weak candidates borrow evidence from confident ones in the same text.

    A name written once after "Osalesid:" or in a signature is the same name
    when it starts a sentence later ("Heldur Põldsaar tutvustas..."), and the
    next item of a list of names ("Mari Tamm, Heldur Põldsaar ja ...") is a
    name too. Company names and streets were dropped before this step.
    """
    confident = {name_key(text[start:end]) for start, end, score, _ in candidates if score >= CONFIDENT}
    for candidate in candidates:
        if candidate[2] < CONFIDENT and name_key(text[candidate[0]:candidate[1]]) in confident:
            candidate[2], candidate[3] = 0.6, candidate[3] + ", named elsewhere"
    for previous, candidate in zip(candidates, candidates[1:]):
        gap = text[previous[1]:candidate[0]]
        if previous[2] >= CONFIDENT and candidate[2] < CONFIDENT and _LIST_GAP.match(gap):
            candidate[2], candidate[3] = min(candidate[2] + 0.3, 1.0), candidate[3] + ", in a list of names"


def _sentence_start(text: str, position: int) -> bool:
    """True at the start of the text, of a line, or after . ! ? : a capital there proves nothing."""
    before = text[max(0, position - 6):position].rstrip(" \t")
    return before == "" or before.endswith(("\n", ".", "!", "?", '"', "“", "„", ">"))


def _list_item(text: str, end: int) -> bool:
    """True when the words end a field or a line (a CSV cell, a list entry, a signature line)."""
    after = text[end:end + 2]
    return after == "" or after[0] in ";,\t|\n\r" or after.startswith(" <")
