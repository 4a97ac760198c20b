"""The word lists the person-name model looks words up in, loaded once per process from scanner/names/data/.

Each list answers one question about a lower-cased word: is it a known given
name, surname, person-name word, place, common Estonian or English word, or
a known English proper noun? Estonian inflects: "Tammele", "ütles" are found
through their stems (case and verb endings are stripped, longest first).
Where each list comes from: scanner/names/data/NOTICE.md.
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from importlib import resources

# Estonian endings, longest first: noun cases (plural too), then verb forms.
ESTONIAN_ENDINGS = tuple(sorted(set(
    "sse ga ks na ni ta st lt le l s d t de te id sid e i u a ele lt tele del dele dest ile il ist isse iga ideks "
    "idel idele b vad da ma mas mast maks nud tud takse ti mine ja ki gi".split()
), key=len, reverse=True))
_ENDINGS_BY_LAST: dict[str, tuple[str, ...]] = {}
for _ending in ESTONIAN_ENDINGS:
    _ENDINGS_BY_LAST[_ending[-1]] = _ENDINGS_BY_LAST.get(_ending[-1], ()) + (_ending,)
_VOWELS = frozenset("aeiouõäöü")
# What a common word may end with on top of its dictionary stem (two can stack: käesoleva+ga).
_WORD_ENDINGS = tuple(sorted(set(ESTONIAN_ENDINGS) | set(
    "me te n v sin sime site ksin ksid kse ksite mata tav dav nuks vat dud di tu mise misel miseks ne se".split()
), key=len, reverse=True))


_ENDING_SET = frozenset(ESTONIAN_ENDINGS)


def is_ending(rest: str) -> bool:
    """`rest` is one Estonian ending, nothing, or a stem vowel and a case ending (Lukas+e+ga, Tamm+e+s)."""
    if not rest or rest in _ENDING_SET:
        return True
    vowel, case = rest[:1], rest[1:]
    if case not in _ENDING_SET:
        return False
    return vowel in "ei" or (vowel in "au" and len(case) > 1)


@functools.lru_cache(maxsize=65536)
def strip_ending(word: str, minimum: int = 3) -> str:
    """The word without its longest Estonian ending, keeping at least `minimum` letters (tammele -> tamm)."""
    # Only endings with the word's last letter can match; _ENDINGS_BY_LAST keeps them longest first.
    for ending in _ENDINGS_BY_LAST.get(word[-1:], ()):
        if word.endswith(ending) and len(word) - len(ending) >= minimum:
            return word[: -len(ending)]
    return word


def _load(name: str) -> frozenset[str]:
    data = resources.files("scanner.names").joinpath("data").joinpath(f"{name}.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


@dataclass(eq=False)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    person_words: frozenset[str]
    places: frozenset[str]
    common_et: frozenset[str]
    common_en: frozenset[str]
    proper_en: frozenset[str]

    def inflected_in(self, word: str, words: frozenset[str]) -> bool:
        """`word` or a stem of it is in `words`: Tammele -> tamm, Kasele -> kase, Raudsepale -> raudsepp."""
        if word in words:
            return True
        for ending in _ENDINGS_BY_LAST.get(word[-1:], ()):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                stem = word[: -len(ending)]
                # A weak-grade stem lost a doubled consonant: raudsepa -> raudsepp, tamme -> tamm.
                if stem in words or (stem[-1] not in _VOWELS and stem + stem[-1] in words):
                    return True
        return False

    def __post_init__(self) -> None:
        self._common: dict[str, bool] = {}

    def common_word(self, word: str) -> bool:
        """A lower-case word of the English or Estonian dictionary, in any of its forms."""
        known = self._common.get(word)
        if known is None:
            if len(self._common) > 100_000:
                self._common.clear()
            known = self._common[word] = (
                word in self.common_en or _stems_to(word, self.common_et, 2) or _compound(word, self.common_et)
            )
        return known


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(
        given=_load("given_names"),
        surnames=_load("surnames"),
        person_words=_load("person_words"),
        places=_load("places"),
        common_et=_load("common_et"),
        common_en=_load("common_en"),
        proper_en=_load("proper_en"),
    )


def _stems_to(word: str, stems: frozenset[str], depth: int) -> bool:
    """`word` is a stem of `stems` followed by at most `depth` endings."""
    if word in stems:
        return True
    if depth == 0:
        return False
    for ending in _WORD_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2 and _stems_to(word[: -len(ending)], stems, depth - 1):
            return True
    return False


def _compound(word: str, stems: frozenset[str]) -> bool:
    """An Estonian compound: a word of the dictionary (koos, kliendi) before an inflected one (olek, teenindusega)."""
    for cut in range(3, len(word) - 2):
        if _stems_to(word[cut:], stems, 2) and _stems_to(word[:cut], stems, 1):
            return True
    return False
