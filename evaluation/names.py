"""Names for the evaluation corpus: some from the detector's gazetteer, some held out from it.

The held-out names are written by hand here and checked against the
detector's lists at load time, so the corpus measures how the recogniser
does on names it has never seen, not only on the ones it looks up.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from scanner.recognizers.name_lists import (
    ENGLISH_FIRST_NAMES,
    ENGLISH_SURNAMES,
    ESTONIAN_FIRST_NAMES,
    ESTONIAN_SURNAMES,
)

# Estonian surnames with their genitive stem (case endings attach to it): known to the detector.
KNOWN_ESTONIAN_SURNAMES = [
    ("Tamm", "Tamme"), ("Kask", "Kase"), ("Mägi", "Mäe"), ("Saar", "Saare"), ("Sepp", "Sepa"),
    ("Lepik", "Lepiku"), ("Kuusk", "Kuuse"), ("Rebane", "Rebase"), ("Ilves", "Ilvese"), ("Pärn", "Pärna"),
    ("Mets", "Metsa"), ("Kivi", "Kivi"), ("Oja", "Oja"), ("Järv", "Järve"), ("Kallas", "Kalda"),
    ("Kaasik", "Kaasiku"), ("Põder", "Põdra"), ("Karu", "Karu"), ("Koppel", "Koppeli"), ("Vaher", "Vahtra"),
    ("Hunt", "Hundi"), ("Raudsepp", "Raudsepa"), ("Luik", "Luige"), ("Kõiv", "Kõivu"), ("Männik", "Männiku"),
    ("Lõhmus", "Lõhmuse"), ("Sild", "Silla"), ("Org", "Oru"), ("Teder", "Tedre"), ("Aavik", "Aaviku"),
]
# Written by hand for the evaluation; none of them is in the detector's lists (checked below).
HELD_OUT_ESTONIAN_SURNAMES = [
    ("Põldsaar", "Põldsaare"), ("Kõrvits", "Kõrvitsa"), ("Karjamaa", "Karjamaa"), ("Kulderknup", "Kulderknupi"),
    ("Kuldkepp", "Kuldkepi"), ("Jõeäär", "Jõeääre"), ("Rõuk", "Rõugu"), ("Jõgisalu", "Jõgisalu"),
    ("Sirelpuu", "Sirelpuu"), ("Leesment", "Leesmendi"), ("Tikerpuu", "Tikerpuu"), ("Vilbaste", "Vilbaste"),
    ("Udras", "Udrase"), ("Allsaar", "Allsaare"), ("Vahtramäe", "Vahtramäe"), ("Heinloo", "Heinloo"),
    ("Rästas", "Rästa"), ("Kadastik", "Kadastiku"), ("Läänemets", "Läänemetsa"), ("Ojasoo", "Ojasoo"),
    ("Meriste", "Meriste"), ("Vällik", "Välliku"), ("Liivrand", "Liivranna"), ("Kalvik", "Kalviku"),
]
HELD_OUT_ESTONIAN_FIRST_NAMES = [
    "Heldur", "Vambola", "Reelika", "Ülar", "Aadu", "Heljo", "Ilmar", "Lagle", "Maiu", "Meelika",
    "Ruudi", "Sirje-Ly", "Tõivo", "Uku", "Valve", "Õie", "Kadrin", "Leida", "Ahto", "Hiie",
]
HELD_OUT_ENGLISH = [
    ("Oswin", "Thistlewood"), ("Perpetua", "Ashcombe"), ("Barnabus", "Quilliam"), ("Ottilie", "Fenwright"),
    ("Cuthbert", "Dunsmore"), ("Wilhelmina", "Crabtree-Hale"), ("Ambrose", "Pennywhistle"), ("Isolde", "Marchbanks"),
]
KNOWN_ENGLISH_FIRST = sorted(["David", "Sarah", "Thomas", "Emily", "James", "Laura", "Michael", "Rachel",
                              "Oliver", "Hannah", "Daniel", "Sophie", "Peter", "Claire"])
KNOWN_ENGLISH_SURNAMES = sorted(["Smith", "Johnson", "Harper", "Bailey", "Metcalfe", "Burgess", "Fletcher",
                                 "Holmes", "Walsh", "Turner", "Lambert", "Sutton"])


def _check_held_out() -> None:
    firsts = {n.lower() for n in ESTONIAN_FIRST_NAMES | ENGLISH_FIRST_NAMES}
    surnames = {n.lower() for n in ESTONIAN_SURNAMES | ENGLISH_SURNAMES}
    leaks = [n for n in HELD_OUT_ESTONIAN_FIRST_NAMES if n.lower() in firsts]
    leaks += [s for s, _ in HELD_OUT_ESTONIAN_SURNAMES if s.lower() in surnames]
    leaks += [f"{f} {s}" for f, s in HELD_OUT_ENGLISH if f.lower() in firsts or s.lower() in surnames]
    assert not leaks, f"held-out names leaked into the detector's lists: {leaks}"


_check_held_out()


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    genitive: str  # the stem Estonian case endings attach to
    estonian: bool
    held_out: bool

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    def inflected(self, ending: str) -> str:
        """Only the surname inflects in an Estonian full name: Mari Tammele, Jaan Kase."""
        return f"{self.first} {self.genitive}{ending}"


def draw_person(rng: random.Random, estonian: bool = True) -> Person:
    """About a third of the people have a first name, a surname or both unknown to the detector."""
    held_first = rng.random() < 0.2
    held_last = rng.random() < 0.3
    if not estonian:
        if held_first or held_last:
            first, last = rng.choice(HELD_OUT_ENGLISH)
            return Person(first, last, last, False, True)
        return Person(rng.choice(KNOWN_ENGLISH_FIRST), rng.choice(KNOWN_ENGLISH_SURNAMES), "", False, False)
    first = rng.choice(HELD_OUT_ESTONIAN_FIRST_NAMES if held_first else sorted(ESTONIAN_FIRST_NAMES))
    last, genitive = rng.choice(HELD_OUT_ESTONIAN_SURNAMES if held_last else KNOWN_ESTONIAN_SURNAMES)
    return Person(first, last, genitive, True, held_first or held_last)
